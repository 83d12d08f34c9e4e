#pragma once
// Runs the quirectl binary and keeps what it said, for the tst_quirectl*
// suites, and the assertions they share.

#include <QByteArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

struct QuirectlRun {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out; // stdout
    QByteArray err; // stderr

    QString output() const { return QString::fromUtf8(out); }
    QString error() const { return QString::fromUtf8(err); }
    // stdout parsed as JSON; a null document when it is not exactly one.
    QJsonDocument json() const;
    // Exit code, stdout and stderr, for a failing assertion's message.
    QByteArray describe() const;
};

// Runs quirectl with exactly these arguments, in `workingDirectory`, with
// `environment`; waits for it to end (CTest's timeout bounds a hang).
QuirectlRun runQuirectl(const QStringList &arguments, const QProcessEnvironment &environment,
                        const QString &workingDirectory);

// The run ended normally with this exit code; else fail, showing its output.
#define QVERIFY_EXIT(run, code)                                                                    \
    QVERIFY2(!(run).crashed && (run).exitCode == (code), (run).describe().constData())

// Calls a helper that asserts, and stops the test when it failed.
#define SETUP(call)                                                                                \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

#include "quirectl_runner.h"

#include <QProcess>

QJsonDocument QuirectlRun::json() const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(out, &error);
    return error.error == QJsonParseError::NoError ? document : QJsonDocument();
}

QByteArray QuirectlRun::describe() const
{
    return "quirectl exited with " + QByteArray::number(exitCode) + (crashed ? " (crashed)" : "")
        + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
}

QuirectlRun runQuirectl(const QStringList &arguments, const QProcessEnvironment &environment,
                        const QString &workingDirectory)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(QUIRECTL_PATH), arguments);
    QuirectlRun run;
    if (!process.waitForStarted(-1)) {
        run.crashed = true;
        run.err = process.errorString().toUtf8();
        return run;
    }
    process.closeWriteChannel();
    process.waitForFinished(-1);
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

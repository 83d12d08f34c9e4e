// quire-bench [--only W1,W2,...] [--json] [--scale N] [--repeat N]
//
// Each workload runs through Quire's public API and as the same work on the
// sqlite3 C API in the same process; the table shows both times and their
// ratio against the workload's target.

#include "bench.h"

#include <quire/process_tuning.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

using namespace quire::bench;

int main(int argc, char **argv)
{
    // Before anything uses SQLite: more descriptors (as servers do), SQLite's
    // memory counting off and a heap that keeps what queries free
    // (process_tuning.h says why each).
    quire::tuneProcess();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("quire-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures Quire against raw SQLite in the same run."));
    parser.addHelpOption();
    const QCommandLineOption only(QStringLiteral("only"), QStringLiteral("Workloads to run (W1,W2,...)."),
                                  QStringLiteral("list"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON array."));
    const QCommandLineOption scale(QStringLiteral("scale"),
                                   QStringLiteral("Size factor: 1 is the size the issues name."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption repeat(QStringLiteral("repeat"),
                                    QStringLiteral("Runs per side; the median is kept."),
                                    QStringLiteral("N"), QStringLiteral("3"));
    // Internal: the child process of W2-memory.
    QCommandLineOption memoryChild(QStringLiteral("measure-memory"), QStringLiteral("internal"),
                                   QStringLiteral("side"));
    memoryChild.setFlags(QCommandLineOption::HiddenFromHelp);
    // Internal: the child process of W3-cold.
    QCommandLineOption searchChildOption(QStringLiteral("search-child"), QStringLiteral("internal"),
                                         QStringLiteral("side"));
    searchChildOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({only, json, scale, repeat, memoryChild, searchChildOption});
    parser.process(app);
    if (parser.isSet(memoryChild))
        return measureMemoryChild(parser.value(memoryChild), parser.positionalArguments().value(0));
    if (parser.isSet(searchChildOption))
        return searchChild(parser.value(searchChildOption), parser.positionalArguments().value(0));

    bool scaleOk = false, repeatOk = false;
    const double factor = parser.value(scale).toDouble(&scaleOk);
    const int runs = parser.value(repeat).toInt(&repeatOk);
    if (!scaleOk || factor <= 0 || !repeatOk || runs < 1) {
        std::fprintf(stderr, "quire-bench: --scale takes a number above 0, --repeat a whole number from 1\n");
        return 2;
    }
    QStringList wanted;
    for (const QString &name : parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts))
        wanted.append(name.trimmed().toUpper());

    QList<Workload> workloads;
    for (const Workload &w : allWorkloads()) {
        if (wanted.isEmpty() || wanted.contains(w.name.toUpper()))
            workloads.append(w);
    }
    if (workloads.isEmpty()) {
        std::fprintf(stderr, "quire-bench: no workload named %s\n", qPrintable(parser.value(only)));
        return 2;
    }

    QTextStream out(stdout);
    QJsonArray array;
    bool failed = false;
    const QString row = QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n");
    if (!parser.isSet(json)) {
        out << row.arg(QStringLiteral("workload"), -10)
                   .arg(QStringLiteral("rows"), 9)
                   .arg(QStringLiteral("quire"), 11)
                   .arg(QStringLiteral("limit"), 11)
                   .arg(QStringLiteral("ratio"), 7)
                   .arg(QStringLiteral("target"), 7)
                   .arg(QStringLiteral("what"));
        out.flush();
    }
    SetupCache setups;
    for (const Workload &w : workloads) {
        const Comparison r = measure(w, factor, runs, setups);
        const QString error = !r.quire.error.isEmpty() ? r.quire.error : r.limit.error;
        failed = failed || !error.isEmpty();
        const bool seconds = w.unit == QLatin1String("s");
        auto figure = [&](double value) {
            return QStringLiteral("%1 %2").arg(value, 0, 'f', seconds ? 3 : 1).arg(w.unit);
        };
        if (parser.isSet(json)) {
            QJsonObject o{{QStringLiteral("workload"), w.name},
                          {QStringLiteral("description"), w.description},
                          {QStringLiteral("rows"), r.quire.rows},
                          {QStringLiteral("scale"), factor},
                          {QStringLiteral("unit"), w.unit}};
            // quire_s / limit_s hold the measured figure in the workload's unit.
            o.insert(QStringLiteral("quire_s"), r.quire.seconds);
            o.insert(QStringLiteral("limit_s"), r.hasLimit() ? QJsonValue(r.limit.seconds) : QJsonValue());
            o.insert(QStringLiteral("ratio"), r.hasLimit() ? QJsonValue(r.ratio()) : QJsonValue());
            if (w.target > 0) {
                o.insert(QStringLiteral("target"), w.target);
                o.insert(QStringLiteral("within_target"), r.ratio() <= w.target);
            }
            if (!r.quire.note.isEmpty())
                o.insert(QStringLiteral("note"), r.quire.note);
            if (!error.isEmpty())
                o.insert(QStringLiteral("error"), error);
            array.append(o);
        } else {
            out << row.arg(w.name, -10)
                       .arg(r.quire.rows, 9)
                       .arg(figure(r.quire.seconds), 11)
                       .arg(r.hasLimit() ? figure(r.limit.seconds) : QStringLiteral("-"), 11)
                       .arg(r.hasLimit() ? QString::number(r.ratio(), 'f', 2) : QStringLiteral("-"), 7)
                       .arg(w.target > 0 ? QString::number(w.target, 'f', 2) : QStringLiteral("-"), 7)
                       .arg(error.isEmpty() ? w.description : QStringLiteral("FAILED: ") + error);
            if (!r.quire.note.isEmpty())
                out << QStringLiteral("           %1\n").arg(r.quire.note);
            out.flush();
        }
    }
    if (parser.isSet(json))
        out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    return failed ? 1 : 0;
}

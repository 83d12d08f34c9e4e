#include "bench.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <unistd.h>

#include <algorithm>

namespace quire::bench {

QList<Workload> allWorkloads()
{
    return QList<Workload>{insertWorkload(), openCountCloseFirstWorkload(), openCountCloseWorkload(), scaleWorkload(), memoryWorkload(), moveWorkload(),
            searchColdWorkload(), searchLazyWorkload(), searchWarmWorkload(), folderMoveWorkload(), folderCopyWorkload(),
            importWorkload(), heicImportWorkload(), videoImportWorkload(), engineInsertWorkload(), engineFanOutWorkload(),
            indexBuildWorkload()}
        + indexQueryWorkloads();
}

double seconds(const std::function<void()> &f)
{
    QElapsedTimer timer;
    timer.start();
    f();
    return double(timer.nsecsElapsed()) / 1e9;
}

namespace {

Run median(QList<Run> runs)
{
    for (const Run &run : runs) {
        if (!run.error.isEmpty())
            return run;
    }
    std::sort(runs.begin(), runs.end(), [](const Run &a, const Run &b) { return a.seconds < b.seconds; });
    return runs[runs.size() / 2];
}

} // namespace

Comparison measure(const Workload &workload, double scale, int repeat, SetupCache &cache)
{
    const bool reuse = !workload.setupGroup.isEmpty() && cache.group == workload.setupGroup && cache.folder;
    if (!reuse) {
        cache.group = workload.setupGroup;
        cache.folder = std::make_unique<QTemporaryDir>();
    }
    const QTemporaryDir &shared = *cache.folder;
    if (workload.setup && !reuse) {
        const QString error = workload.setup(shared.path(), scale);
        if (!error.isEmpty()) {
            cache.group.clear();
            return Comparison{workload, Run{0, 0, error, {}}, Run{}};
        }
        // Written out now, so the kernel's write-back does not land in a
        // timed run of either side.
        ::sync();
    }
    auto run = [&](const std::function<Run(const QString &, double)> &side) {
        if (workload.setup)
            return side(shared.path(), scale);
        QTemporaryDir fresh;
        return side(fresh.path(), scale);
    };
    QList<Run> quireRuns, limitRuns;
    for (int i = 0; i < repeat; ++i) {
        // Alternate sides so that a slow moment of the machine hurts both.
        if (workload.limit)
            limitRuns.append(run(workload.limit));
        quireRuns.append(run(workload.quire));
    }
    return Comparison{workload, median(quireRuns), workload.limit ? median(limitRuns) : Run{}};
}

QString albumsFolder(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("albums"));
}

QString albumFolderAt(const QString &folder, int n)
{
    return QDir(albumsFolder(folder)).filePath(QStringLiteral("album%1").arg(n, 5, 10, QLatin1Char('0')));
}

QDateTime randomTakenAt(QRandomGenerator &random)
{
    const qint64 start = QDateTime(QDate(2021, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 span = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() - start;
    return QDateTime::fromMSecsSinceEpoch(start + qint64(random.bounded(double(span))), Qt::UTC);
}

QStringList albumFolders(const QString &folder)
{
    const QDir dir(albumsFolder(folder));
    QStringList folders;
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        folders.append(dir.filePath(name));
    return folders;
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

int connectionCapFromEnvironment()
{
    return qEnvironmentVariableIntValue("QUIRE_BENCH_MAX_CONNECTIONS");
}

int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

} // namespace quire::bench

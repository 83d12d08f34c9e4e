#pragma once
// The bench's frame: a workload runs once through Quire and once on raw
// SQLite; the ratio of the two times is the figure that matters.

#include <QDateTime>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace quire::bench {

struct Run {
    double seconds = 0;
    qint64 rows = 0;      // rows (or albums, files) the run handled
    QString error;        // set when the run failed
    QString note;         // anything else worth printing (peak fds, RSS)
};

struct Workload {
    QString name;
    QString description;
    double target = 0;    // the ratio quire/limit must stay at or under; 0 when none
    QString unit = QStringLiteral("s"); // what Run::seconds holds: seconds, or KB for memory
    // Each side gets a folder and the scale (1.0 = as the issue says): a
    // fresh empty folder each run, or, when the workload has a setup, the
    // one folder setup filled (untimed) for both sides.
    std::function<Run(const QString &folder, double scale)> quire;
    std::function<Run(const QString &folder, double scale)> limit; // empty: no raw side
    std::function<QString(const QString &folder, double scale)> setup; // returns an error, or empty
    // Workloads of one group that run one after another share one setup
    // (made by the first): W6's 10,000 albums are made once, not five times.
    QString setupGroup;
};

// The folder a setup group's first workload filled, for the ones after it.
struct SetupCache {
    QString group;
    std::unique_ptr<QTemporaryDir> folder;
};

struct Comparison {
    Workload workload;
    Run quire;
    Run limit;
    double ratio() const { return limit.seconds > 0 ? quire.seconds / limit.seconds : 0; }
    bool hasLimit() const { return bool(workload.limit); }
};

// Workloads register themselves in this list (see w1_insert.cpp).
QList<Workload> allWorkloads();
Workload insertWorkload();
Workload openCountCloseWorkload();
Workload openCountCloseFirstWorkload();
Workload scaleWorkload();
Workload memoryWorkload();
Workload moveWorkload();
Workload searchColdWorkload();
Workload searchWarmWorkload();
Workload searchLazyWorkload();
Workload folderMoveWorkload();
Workload folderCopyWorkload();
Workload importWorkload();
Workload heicImportWorkload();
Workload videoImportWorkload();
Workload engineInsertWorkload();
Workload engineFanOutWorkload();
Workload indexBuildWorkload();
QList<Workload> indexQueryWorkloads();

// The child side of W2-memory: opens every album under root and prints
// "albums bytes_per_album". Returns the exit code.
int measureMemoryChild(const QString &side, const QString &root);
// The child side of W3-cold: opens the albums under folder and searches
// them (side "quire" or "raw"), printing "seconds hits".
int searchChild(const QString &side, const QString &folder);

// The albums a workload's setup makes live in <folder>/albums/; each
// album folder under it, sorted by name.
QString albumsFolder(const QString &folder);
QStringList albumFolders(const QString &folder);
// The folder of album number n of a setup (albums/albumNNNNN), so that
// albumFolders() lists them in the order made.
QString albumFolderAt(const QString &folder, int n);
// A moment over 2021-2024, as the search workloads date their pictures.
QDateTime randomTakenAt(QRandomGenerator &random);

// $QUIRE_BENCH_MAX_CONNECTIONS (e.g. 256, a desktop's 1,024 descriptors),
// or 0: the registry's default cap. W2 and W3 pass it to their registries.
int connectionCapFromEnvironment();

// Resident memory of this process, in bytes.
qint64 residentBytes();
// Open file descriptors of this process.
int openDescriptors();

// Runs both sides `repeat` times, alternating, and keeps the median of each.
Comparison measure(const Workload &workload, double scale, int repeat, SetupCache &cache);

// Wall-clock seconds of f().
double seconds(const std::function<void()> &f);

} // namespace quire::bench

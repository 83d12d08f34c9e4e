// importPictures: the walk and the plan on the calling thread, reading and
// decoding on a private pool of workers, writing back on the calling
// thread in batches.

#include "quire/import.h"


#include "base/folder_copy.h"
#include "media/folder_walk.h"
#include "media/heif_image.h"
#include "media/import_plan.h"
#include "media/import_store.h"
#include "media/photo_file.h"
#include "media/sidecar_file.h"
#include "media/video_file.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QThreadPool>

#include <condition_variable>
#include <mutex>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire {

namespace {

// A batch is written when it holds this many pictures or is this old, so
// a kill loses little work and readers see progress.
constexpr int BatchSize = 64;
constexpr qint64 BatchMaxAgeMs = 500;
constexpr qint64 ProgressEveryMs = 100;

// Calls the caller's progress at most every ProgressEveryMs; remembers a
// cancel asked for either way.
class ProgressReporter
{
public:
    ProgressReporter(const ImportOptions &options, const QElapsedTimer &clock) : m_options(options), m_clock(clock) {}

    bool cancelled() const
    {
        return m_cancelled || (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed));
    }
    // Updates the caller unless it heard from us very recently (always when forced).
    void report(ImportProgress progress, bool force = false)
    {
        const qint64 now = m_clock.elapsed();
        if (!m_options.progress || (!force && now - m_lastMs < ProgressEveryMs))
            return;
        m_lastMs = now;
        progress.elapsedMs = now;
        if (!progress.scanning && progress.bytes > 0 && progress.bytesTotal >= progress.bytes) {
            const qint64 spent = now - m_phaseStartMs;
            progress.remainingMs = qint64(double(spent) * double(progress.bytesTotal - progress.bytes) / double(progress.bytes));
        }
        if (!m_options.progress(progress))
            m_cancelled = true;
    }
    void startPhase() { m_phaseStartMs = m_clock.elapsed(); }

private:
    const ImportOptions &m_options;
    const QElapsedTimer &m_clock;
    qint64 m_lastMs = -ProgressEveryMs;
    qint64 m_phaseStartMs = 0;
    bool m_cancelled = false;
};

// Copies one file to `to` without ever replacing a file there: written
// under a temporary name beside it (with the folder-copy engine, which
// falls back to read/write between file systems), given the source's time,
// synced, then renamed with RENAME_NOREPLACE, so a killed import leaves no
// half file under a photo's name. Returns why it failed, errorNumber set.
QString copyOneFile(const QByteArray &from, const QByteArray &to, int *errorNumber)
{
    *errorNumber = 0;
    struct stat st {};
    if (::stat(from.constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return QStringLiteral("it is not a regular file");
    const QByteArray temporary = to + ".quire-importing";
    ::unlink(temporary.constData()); // left by an import killed while copying
    qint64 copied = 0;
    int error = detail::copyFileContents(from, temporary, 0644, copied);
    if (!error) {
        // The copy keeps the source's time: for a photo without a date it
        // is the best guess of when it was taken.
        const int fd = ::open(temporary.constData(), O_WRONLY | O_CLOEXEC);
        const struct timespec times[2] = {st.st_atim, st.st_mtim};
        if (fd < 0 || ::futimens(fd, times) != 0 || ::fsync(fd) != 0)
            error = errno;
        if (fd >= 0 && ::close(fd) != 0 && !error)
            error = errno;
    }
    if (!error && ::renameat2(AT_FDCWD, temporary.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) != 0)
        error = errno;
    if (!error)
        return {};
    *errorNumber = error;
    ::unlink(temporary.constData());
    if (error == EEXIST)
        return QStringLiteral("a file appeared at its path in the album folder meanwhile");
    if (error == ENOSPC)
        return QStringLiteral("the album's disk is full");
    if (error == EIO)
        return QStringLiteral("copying it failed with an I/O error");
    return QStringLiteral("copying it failed (%1)").arg(QString::fromLocal8Bit(strerror(error)));
}

// The copy phase of an import from another folder. Files already in the
// album with the same content are left alone (an import run again, or
// resumed after a kill); a different file at the same path is never
// overwritten and is reported instead.
Result<void> copyIn(const Album &album, const QString &sourceFolder, ImportReport &report, ProgressReporter &progress,
                    const std::atomic<bool> *cancel)
{
    const QFileInfo source(sourceFolder);
    const QString shown = QDir::cleanPath(source.absoluteFilePath());
    if (!source.exists())
        return Error(ErrorCode::NotFound, album.folder(),
                     QStringLiteral("The folder to import from, %1, does not exist.").arg(shown));
    if (!source.isDir())
        return Error(ErrorCode::InvalidArgument, album.folder(),
                     QStringLiteral("%1 is a file; importing from another place takes a folder.").arg(shown));
    const QString root = source.canonicalFilePath();
    const QString albumFolder = album.folder();
    if (root == albumFolder)
        return {}; // the album's own folder: nothing to copy
    const QByteArray albumPrefix = QFile::encodeName(albumFolder) + '/';

    detail::FolderWalk walk = detail::walkFolder(root, cancel);
    QList<detail::FoundFile> toCopy;
    ImportProgress state;
    state.scanning = false;
    state.copying = true;
    // Sidecars come along: the pictures' tags and labels are in them.
    for (const detail::FoundFile &file : walk.files + walk.sidecars) {
        if (file.nativePath.startsWith(albumPrefix))
            continue; // the album lies inside the source folder: not into itself again
        if (!file.problem.isEmpty()) {
            report.problems.append(ImportProblem{file.relativePath, QStringLiteral("Not copied: %1.").arg(file.problem), true});
            ++report.failed;
            continue;
        }
        toCopy.append(file);
        state.filesTotal += 1;
        state.bytesTotal += file.size;
    }
    progress.startPhase();
    for (const detail::FoundFile &file : std::as_const(toCopy)) {
        if (progress.cancelled())
            return {};
        const QString target = QDir(albumFolder).filePath(file.relativePath);
        const QByteArray nativeTarget = QFile::encodeName(target);
        struct stat existing {};
        QString failure;
        int errorNumber = 0;
        if (::lstat(nativeTarget.constData(), &existing) == 0) {
            // Hashed only: whether it is the same file, not what it shows.
            const QByteArray there = detail::fileContentHash(nativeTarget);
            if (there.isEmpty() || there != detail::fileContentHash(file.nativePath))
                failure = QStringLiteral("a different file is already at this path in the album folder, and "
                                         "import never overwrites one");
        } else if (!QDir().mkpath(QFileInfo(target).absolutePath())) {
            failure = QStringLiteral("its folder cannot be made in the album folder");
        } else {
            failure = copyOneFile(file.nativePath, nativeTarget, &errorNumber);
            if (failure.isEmpty())
                ++report.copied;
        }
        if (!failure.isEmpty()) {
            report.problems.append(ImportProblem{file.relativePath, QStringLiteral("Not copied: %1.").arg(failure), true});
            ++report.failed;
            // A full disk ends the import: every later file would fail the same way.
            if (errorNumber == ENOSPC)
                return Error(ErrorCode::Io, albumFolder,
                             QStringLiteral("The album's disk is full; %1 files were copied before it filled.")
                                 .arg(report.copied));
        }
        state.files += 1;
        state.bytes += file.size;
        progress.report(state);
    }
    return {};
}

// Reads the plan's files on a pool of workers; results are collected under
// a mutex for the importing thread to write.
class Readers
{
public:
    Readers(const QList<detail::ImportJob> &jobs, int threads, int thumbnailSize, int videoTimeLimitMs)
        : m_jobs(jobs), m_thumbnailSize(thumbnailSize), m_videoTimeLimitMs(videoTimeLimitMs)
    {
        m_pool.setMaxThreadCount(threads);
        for (int i = 0; i < threads; ++i)
            m_pool.start([this] { run(); });
    }
    ~Readers() { stop(); }

    void stop()
    {
        m_stop.store(true);
        m_pool.waitForDone();
    }
    // Waits up to timeoutMs for results; returns what is there.
    QList<detail::ImportResult> take(int timeoutMs)
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return !m_done.isEmpty(); });
        QList<detail::ImportResult> out;
        out.swap(m_done);
        return out;
    }

private:
    void run()
    {
        for (;;) {
            if (m_stop.load())
                return;
            const qsizetype index = m_next.fetch_add(1);
            if (index >= m_jobs.size())
                return;
            const detail::ImportJob &job = m_jobs[index];
            const QString fileName = job.file.relativePath.section(QLatin1Char('/'), -1);
            detail::ImportResult result{job, detail::readPhotoFile(job.file.nativePath, fileName, m_thumbnailSize,
                                                                       m_videoTimeLimitMs)};
            if (job.sidecar && result.file.failure.isEmpty())
                detail::addSidecar(result.file, *job.sidecar);
            {
                std::lock_guard lock(m_mutex);
                m_done.append(std::move(result));
            }
            m_ready.notify_one();
        }
    }

    // First: libheif stays started until the pool's threads are gone.
    const detail::HeifLibrary m_heif;
    const QList<detail::ImportJob> &m_jobs;
    const int m_thumbnailSize;
    const int m_videoTimeLimitMs;
    std::atomic<qsizetype> m_next{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_ready;
    QList<detail::ImportResult> m_done;
    QThreadPool m_pool; // last: its threads stop before the rest goes
};

} // namespace

bool isImportableFileName(const QString &fileName)
{
    // A name that is only a suffix (".jpg") is not a photo.
    return fileName.lastIndexOf(QLatin1Char('.')) > 0
        && (detail::isImageFileName(fileName) || detail::isRawFileName(fileName) || detail::isVideoFileName(fileName));
}

Result<ImportReport> importPictures(const Album &album, const ImportOptions &options)
{
    QElapsedTimer clock;
    clock.start();
    if (album.isNull())
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("No album was given to import into."));
    if (album.isReadOnly())
        return Error(ErrorCode::ReadOnly, album.folder(),
                     QStringLiteral("Pictures cannot be imported into this album: it is read-only (%1).")
                         .arg(album.readOnlyReason()));
    if (options.thumbnailSize < 16 || options.thumbnailSize > 4096)
        return Error(ErrorCode::InvalidArgument, album.folder(),
                     QStringLiteral("A thumbnail size runs from 16 to 4096 pixels, not %1.").arg(options.thumbnailSize));
    if (options.videoTimeLimitMs <= 0)
        return Error(ErrorCode::InvalidArgument, album.folder(),
                     QStringLiteral("A video's time limit is a number of milliseconds, not %1.")
                         .arg(options.videoTimeLimitMs));

    ImportReport report;
    ProgressReporter progress(options, clock);
    auto finish = [&](bool cancelled) {
        // Workers finish in any order; people read problems by path.
        std::stable_sort(report.problems.begin(), report.problems.end(),
                         [](const ImportProblem &a, const ImportProblem &b) { return a.path < b.path; });
        report.cancelled = cancelled;
        report.elapsedMs = clock.elapsed();
        return report;
    };
    progress.report(ImportProgress{}, true);
    if (!options.sourceFolder.isEmpty()) {
        if (auto r = copyIn(album, options.sourceFolder, report, progress, options.cancel); !r)
            return r.error();
        if (progress.cancelled())
            return finish(true);
    }

    const detail::FolderWalk walk = detail::walkFolder(album.folder(), options.cancel);
    if (progress.cancelled())
        return finish(true);
    Result<detail::ImportPlan> planned = detail::planImport(album, walk, options.rescan);
    if (!planned)
        return planned.error();
    detail::ImportPlan &plan = *planned;
    report.found = plan.found;
    report.unchanged = plan.unchanged;
    for (const detail::FoundFile &folder : walk.folderProblems)
        report.problems.append(ImportProblem{folder.relativePath, QStringLiteral("Not looked at: %1.").arg(folder.problem), true});
    for (const ImportProblem &problem : std::as_const(plan.unchangedProblems)) {
        report.problems.append(problem);
        ++report.failed;
    }

    ImportProgress state;
    state.scanning = false;
    state.filesTotal = plan.jobs.size();
    state.bytesTotal = plan.bytesTotal;
    progress.startPhase();
    progress.report(state, true);

    detail::ImportStore store(album, plan, report);
    const int threads = options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount());
    Readers readers(plan.jobs, std::min<int>(threads, std::max<qsizetype>(1, plan.jobs.size())),
                            options.thumbnailSize, options.videoTimeLimitMs);
    QList<detail::ImportResult> pending;
    QElapsedTimer batchAge;
    batchAge.start();
    qsizetype received = 0;
    bool cancelled = false;
    while (received < plan.jobs.size()) {
        if (progress.cancelled()) {
            // Results already read are whole: they are kept.
            readers.stop();
            pending.append(readers.take(0));
            cancelled = true;
            break;
        }
        QList<detail::ImportResult> arrived = readers.take(int(ProgressEveryMs));
        received += arrived.size();
        for (const detail::ImportResult &r : std::as_const(arrived)) {
            state.files += 1;
            state.bytes += r.job.file.size;
            report.bytes += r.file.size;
        }
        pending.append(std::move(arrived));
        if (pending.size() >= BatchSize || (!pending.isEmpty() && batchAge.elapsed() >= BatchMaxAgeMs)) {
            if (auto w = store.write(pending, false, false); !w) {
                readers.stop();
                return w.error();
            }
            pending.clear();
            batchAge.restart();
        }
        progress.report(state);
    }
    readers.stop();
    // Missing pictures are only decided after a whole, uncancelled walk.
    if (auto w = store.write(pending, true, !cancelled && options.rescan); !w)
        return w.error();
    progress.report(state, true);
    return finish(cancelled);
}

} // namespace quire

// moveTenant and recoverFolderOperations (quire/folders_move.h).
//
// What is recorded where:
// - the workspace: <workspace>/folder-moves/<op>.json, the intent (album,
//   source, destination, whether across file systems), written and fsynced
//   before anything moves, removed when the catalog follows; deleteTenant
//   writes one there too (kind "trash") before it moves a tenant to the
//   desktop trash;
// - next to the data, for a move across file systems:
//   "<destination>.quire-partial-<op>" (the copy, with
//   .quire/move-partial.json saying which album and source, and whether it
//   was verified) and "<source>.quire-deleting-<op>" (the source renamed
//   before its removal, with .quire/move-deleting.json naming the
//   destination). The names and markers alone decide recovery.

#include "quire/folders.h"
#include "quire/folders_move.h"
#include "quire/registry.h"
#include "quire/session.h"

#include "base/crash_point.h"
#include "base/fsync.h"
#include "registry/registry_private.h"

#include "base/folder_copy.h"
#include "ops/control_files.h"
#include "ops/folder_ops.h"
#include "sqlite/backup.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace quire {

using detail::folderJournalFolder;
using detail::fsyncFolder;
using detail::readJsonFile;
using detail::removeFileSynced;
using detail::writeJsonSynced;

namespace {

const QString PartialTag = QStringLiteral(".quire-partial-");
const QString DeletingTag = QStringLiteral(".quire-deleting-");
// The engine's files in a tenant's control folder (".quire" for albums),
// relative to the tenant folder.
struct ControlFiles {
    explicit ControlFiles(const TenantFormat &format)
        : format(format),
          control(format.controlFolder()),
          database(format.databasePath()),
          partialMarker(detail::control::movePartialMarker(format)),
          deletingMarker(detail::control::moveDeletingMarker(format)),
          lockFile(detail::control::moveLock(format)),
          copyMarker(detail::control::copyMarker(format))
    {
    }
    TenantFormat format;
    QString control, database;
    QString partialMarker, deletingMarker;
    // Held (flock) by the process moving the tenant, for as long as it runs:
    // it travels with the source folder through its renames. Recovery
    // leaves a move whose lock is held alone.
    QString lockFile;
    QString copyMarker; // a folder copy's (quire/folders.h), not a move's
};

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString parentOf(const QString &path)
{
    return QFileInfo(path).absolutePath();
}

// Removes a folder, its album database first and the deleting marker last,
// with a crash point between files.
bool removeFolder(const ControlFiles &files, const QString &folder, const QString &keepLast = {})
{
    const QString keep = keepLast.isEmpty() ? QString() : QDir(folder).filePath(keepLast);
    QStringList doomed;
    QStringList folders;
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        if (info.isDir() && !info.isSymLink())
            folders.append(info.filePath());
        else if (info.filePath() != keep && !info.filePath().endsWith(QLatin1String("/") + files.lockFile))
            doomed.append(info.filePath());
    }
    std::sort(doomed.begin(), doomed.end(), [&files](const QString &a, const QString &b) {
        const bool da = a.contains(QLatin1Char('/') + files.database);
        const bool db = b.contains(QLatin1Char('/') + files.database);
        return da != db ? da : a < b;
    });
    for (const QString &f : std::as_const(doomed)) {
        if (::unlink(encoded(f).constData()) != 0 && errno != ENOENT)
            return false;
        detail::crashPoint("move.delete-file");
    }
    ::unlink(encoded(QDir(folder).filePath(files.lockFile)).constData());
    if (!keep.isEmpty() && ::unlink(encoded(keep).constData()) != 0 && errno != ENOENT)
        return false;
    detail::crashPoint("move.delete-marker");
    std::sort(folders.begin(), folders.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &f : std::as_const(folders))
        ::rmdir(encoded(f).constData());
    if (::rmdir(encoded(folder).constData()) != 0 && errno != ENOENT)
        return false;
    fsyncFolder(parentOf(folder));
    return true;
}

bool renamePath(const QString &from, const QString &to, int *error = nullptr)
{
    if (::rename(encoded(from).constData(), encoded(to).constData()) != 0) {
        if (error)
            *error = errno;
        return false;
    }
    fsyncFolder(parentOf(from));
    if (parentOf(from) != parentOf(to))
        fsyncFolder(parentOf(to));
    return true;
}

bool isEmptyFolder(const QString &path)
{
    return QDir(path).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

QString albumLabel(const QString &folder)
{
    return QDir::toNativeSeparators(folder);
}

// Points the registry at the album wherever it is now (emits tenantMoved when it moved).
void follow(Registry &registry, const QString &folder)
{
    (void)registry.open(folder);
}

class MoveLock
{
public:
    MoveLock() = default;
    MoveLock(const MoveLock &) = delete;
    MoveLock &operator=(const MoveLock &) = delete;
    ~MoveLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    // Takes the lock in folder for operation op; false when another move holds it.
    bool take(const ControlFiles &files, const QString &folder, const QString &op)
    {
        const QString path = QDir(folder).filePath(files.lockFile);
        m_fd = ::open(encoded(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            return false;
        if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return false;
        }
        const QByteArray id = op.toUtf8();
        if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, id.constData(), size_t(id.size()), 0) != id.size())
            return false;
        return true;
    }
    // Removes the lock file from where the album is now, and lets go.
    void release(const ControlFiles &files, const QString &folder)
    {
        ::unlink(encoded(QDir(folder).filePath(files.lockFile)).constData());
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

// The operation whose mover holds the lock in folder; empty when none runs.
QString liveOperationIn(const ControlFiles &files, const QString &folder)
{
    const QString path = QDir(folder).filePath(files.lockFile);
    const int fd = ::open(encoded(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    QString op;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        char buffer[64] = {};
        const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
        op = QString::fromUtf8(buffer, n > 0 ? int(n) : 0);
    } else {
        ::flock(fd, LOCK_UN);
    }
    ::close(fd);
    return op;
}

struct Leftover {
    QString path;
    QString base; // the folder the name was made from
    QString op;
};

std::optional<Leftover> parseLeftover(const QString &path, const QString &tag)
{
    const QString name = QFileInfo(path).fileName();
    const int at = name.lastIndexOf(tag);
    if (at <= 0)
        return std::nullopt;
    Leftover l;
    l.path = path;
    l.base = QDir(parentOf(path)).filePath(name.left(at));
    l.op = name.mid(at + tag.size());
    return l;
}

using Entry = FolderRecoveryReport::Entry;

// A source renamed for deletion: deleted when its destination is
// complete, renamed back when it is not.
void recoverDeleting(const ControlFiles &files, const Leftover &d, FolderRecoveryReport &report, QSet<QString> &handledPartials)
{
    const QJsonObject marker = readJsonFile(QDir(d.path).filePath(files.deletingMarker));
    Entry e;
    e.album = QUuid::fromString(marker.value(QStringLiteral("album")).toString());
    if (marker.isEmpty()) {
        // A move's marker goes last, after its database: without it nothing
        // of the album is left. A deleted tenant's folder has no marker; if
        // it still holds the database, the delete was cut short before the
        // workspace forgot the tenant, and the caller forgets it (the
        // album's UUID on a Cleaned entry says so).
        e.album = detail::peekTenantUuid(d.path, files.format);
        removeFolder(files, d.path);
        e.folder = d.path;
        e.outcome = Entry::Outcome::Cleaned;
        e.message = e.album.isNull()
            ? QStringLiteral("removed the rest of a source already deleted")
            : QStringLiteral("removed the folder of a deleted %1 the workspace still listed").arg(files.format.kind());
        report.entries.append(e);
        return;
    }
    const QString destination = marker.value(QStringLiteral("destination")).toString();
    const QString partial = destination + PartialTag + d.op;
    handledPartials.insert(QFileInfo(partial).absoluteFilePath());
    const bool inPlace = !e.album.isNull() && detail::peekTenantUuid(destination, files.format) == e.album;
    const QJsonObject partialMarker = readJsonFile(QDir(partial).filePath(files.partialMarker));
    const bool verified = partialMarker.value(QStringLiteral("verified")).toBool()
        && detail::peekTenantUuid(partial, files.format) == e.album;
    if (!inPlace && verified && !QFileInfo::exists(destination) && renamePath(partial, destination)) {
        removeFileSynced(QDir(destination).filePath(files.partialMarker));
        removeFolder(files, d.path, files.deletingMarker);
        e.folder = destination;
        e.outcome = Entry::Outcome::Finished;
        e.message = QStringLiteral("the verified copy was put in place and the source deleted");
    } else if (inPlace) {
        removeFileSynced(QDir(destination).filePath(files.partialMarker));
        removeFolder(files, d.path, files.deletingMarker);
        e.folder = destination;
        e.outcome = Entry::Outcome::Finished;
        e.message = QStringLiteral("the source was deleted; the %1 is in its new folder").arg(files.format.kind());
    } else if (!QFileInfo::exists(d.base) && renamePath(d.path, d.base)) {
        removeFileSynced(QDir(d.base).filePath(files.deletingMarker));
        if (QFileInfo::exists(partial))
            removeFolder(files, partial);
        e.folder = d.base;
        e.outcome = Entry::Outcome::Undone;
        e.message = QStringLiteral("the copy was not complete: the source was renamed back");
    } else {
        e.folder = d.path;
        e.outcome = Entry::Outcome::Pending;
        e.message = QStringLiteral("cannot finish or undo: %1 is in the way").arg(d.base);
    }
    report.entries.append(e);
}

void recoverLeftovers(const ControlFiles &files, const QStringList &roots, const QSet<QString> &live, FolderRecoveryReport &report)
{
    QSet<QString> handledPartials;
    QList<Leftover> partials;
    QSet<QString> seen;
    for (const QString &root : roots) {
        const QString canonical = QFileInfo(root).absoluteFilePath();
        if (seen.contains(canonical) || !QFileInfo(canonical).isDir())
            continue;
        seen.insert(canonical);
        const QFileInfoList children = QDir(canonical).entryInfoList(
            QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks);
        for (const QFileInfo &child : children) {
            const QString inMarker =
                readJsonFile(QDir(child.absoluteFilePath()).filePath(files.deletingMarker)).value(QStringLiteral("operation")).toString()
                + readJsonFile(QDir(child.absoluteFilePath()).filePath(files.partialMarker)).value(QStringLiteral("operation")).toString();
            if (live.contains(inMarker))
                continue; // its move is running
            if (QFile::exists(QDir(child.absoluteFilePath()).filePath(files.copyMarker)))
                continue; // an album copy's: detail::recoverFolderCopies decides
            if (auto d = parseLeftover(child.absoluteFilePath(), DeletingTag)) {
                if (!live.contains(d->op))
                    recoverDeleting(files, *d, report, handledPartials);
            } else if (auto p = parseLeftover(child.absoluteFilePath(), PartialTag)) {
                if (!live.contains(p->op))
                    partials.append(*p);
            } else if (QFile::exists(QDir(child.absoluteFilePath()).filePath(files.deletingMarker))
                     || QFile::exists(QDir(child.absoluteFilePath()).filePath(files.partialMarker))) {
                // A marker under an ordinary name: the rename it announced
                // never happened (source), or did (destination). Either way
                // the folder is the album; only the marker goes.
                removeFileSynced(QDir(child.absoluteFilePath()).filePath(files.deletingMarker));
                removeFileSynced(QDir(child.absoluteFilePath()).filePath(files.partialMarker));
            }
        }
    }
    for (const Leftover &p : std::as_const(partials)) {
        if (!QFileInfo::exists(p.path))
            continue; // handled with its source
        // No source awaits it: the source is whole where it was.
        const QJsonObject marker = readJsonFile(QDir(p.path).filePath(files.partialMarker));
        removeFolder(files, p.path);
        Entry e;
        e.album = QUuid::fromString(marker.value(QStringLiteral("album")).toString());
        e.folder = p.path;
        e.outcome = Entry::Outcome::Undone;
        e.message = QStringLiteral("an unfinished copy was removed");
        report.entries.append(e);
    }
}

struct Plan {
    QString op;
    QUuid album;
    QString source;
    QString destination;
    bool crossFs = false;
    QString journal;

    QJsonObject json() const
    {
        return QJsonObject{{QStringLiteral("operation"), op},
                           {QStringLiteral("kind"), QStringLiteral("move")},
                           {QStringLiteral("album"), album.toString(QUuid::WithoutBraces)},
                           {QStringLiteral("source"), source},
                           {QStringLiteral("destination"), destination},
                           {QStringLiteral("crossFs"), crossFs}};
    }
};

struct Tally {
    qint64 files = 0;
    qint64 bytes = 0;
    bool operator==(const Tally &o) const { return files == o.files && bytes == o.bytes; }
};

// The picture files (everything but .quire/), counted as the copy makes them.
Tally tally(const ControlFiles &files, const QString &folder)
{
    Tally t;
    const QString quire = QDir(folder).filePath(files.control);
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (it.filePath().startsWith(quire + QLatin1Char('/')))
            continue;
        ++t.files;
        if (!it.fileInfo().isSymLink())
            t.bytes += it.fileInfo().size();
    }
    return t;
}

Result<void> copyAcross(const ControlFiles &files, const Plan &plan, const MoveOptions &options)
{
    const QString label = albumLabel(plan.source);
    const QString partial = plan.destination + PartialTag + plan.op;
    auto fail = [&](ErrorCode code, const QString &message) -> Result<void> {
        if (QFileInfo::exists(partial))
            removeFolder(files, partial);
        return Error(code, label, message);
    };
    detail::CopyProgressFn progress = [&](const detail::CopyProgress &p) {
        if (options.cancel && options.cancel->load())
            return false;
        return options.progress ? options.progress(MoveProgress{p.files, p.filesTotal, p.bytes, p.bytesTotal}) : true;
    };
    // The engine makes the folder; until the marker is in it, its name
    // alone says it is an unfinished copy.
    if (auto r = detail::copyFolderFiles(plan.source, partial, files.control, progress); !r)
        return fail(r.error().code(), r.error().message());
    detail::crashPoint("move.files-copied");
    const QJsonObject marker{{QStringLiteral("operation"), plan.op},
                             {QStringLiteral("album"), plan.album.toString(QUuid::WithoutBraces)},
                             {QStringLiteral("source"), plan.source},
                             {QStringLiteral("verified"), false}};
    if (!QDir().mkpath(partial + QLatin1Char('/') + files.control)
        || !writeJsonSynced(QDir(partial).filePath(files.partialMarker), marker))
        return fail(ErrorCode::Io, QStringLiteral("Cannot write the marker in %1.").arg(partial));
    fsyncFolder(parentOf(partial));
    detail::crashPoint("move.partial-marked");
    if (options.cancel && options.cancel->load())
        return fail(ErrorCode::Cancelled,
                    QStringLiteral("The move was cancelled; the %1 stays where it was.").arg(files.format.kind()));
    {
        // The database goes through SQLite, from a connection of our own.
        TenantOptions o;
        o.format = files.format;
        o.migrate = false;
        Result<Tenant> own = Tenant::open(plan.source, o);
        if (!own)
            return fail(own.error().code(), own.error().message());
        Result<Session> session = own->read();
        if (!session)
            return fail(session.error().code(), session.error().message());
        if (auto r = detail::backupTo(session->connection(), Tenant::databasePathFor(partial, files.format)); !r)
            return fail(r.error().code(), r.error().message());
    }
    detail::crashPoint("move.database-copied");
    fsyncFolder(QDir(partial).filePath(files.control));
    fsyncFolder(partial);
    detail::crashPoint("move.database-synced");
    // Verify: the database is sound and holds the album; the files all arrived.
    const QString dbPath = Tenant::databasePathFor(partial, files.format);
    {
        ConnectionOptions co;
        co.readOnly = true;
        Result<std::unique_ptr<Connection>> c = Connection::open(dbPath, co);
        if (!c)
            return fail(ErrorCode::Damaged, QStringLiteral("The copied database does not open: %1").arg(c.error().message()));
        Result<Statement> check = (*c)->prepare("PRAGMA integrity_check");
        Result<bool> row = check ? check->step() : Result<bool>(check.error());
        if (!row || !*row || check->text(0) != QLatin1String("ok"))
            return fail(ErrorCode::Damaged, QStringLiteral("The copied database fails integrity_check."));
    }
    if (detail::peekTenantUuid(partial, files.format) != plan.album)
        return fail(ErrorCode::Damaged, QStringLiteral("The copied database does not hold the %1.").arg(files.format.kind()));
    if (!(tally(files, plan.source) == tally(files, partial)))
        return fail(ErrorCode::Io, QStringLiteral("The copy in %1 does not match the source (file count or sizes).").arg(partial));
    detail::crashPoint("move.verified");
    QJsonObject verified = marker;
    verified.insert(QStringLiteral("verified"), true);
    if (!writeJsonSynced(QDir(partial).filePath(files.partialMarker), verified))
        return fail(ErrorCode::Io, QStringLiteral("Cannot write the marker in %1.").arg(partial));
    detail::crashPoint("move.marked-verified");
    if (options.cancel && options.cancel->load())
        return fail(ErrorCode::Cancelled,
                    QStringLiteral("The move was cancelled; the %1 stays where it was.").arg(files.format.kind()));

    // The source gets its to-be-deleted name (marker first), then the copy its place.
    const QString deleting = plan.source + DeletingTag + plan.op;
    const QJsonObject deletingMarker{{QStringLiteral("operation"), plan.op},
                                     {QStringLiteral("album"), plan.album.toString(QUuid::WithoutBraces)},
                                     {QStringLiteral("destination"), plan.destination}};
    if (!writeJsonSynced(QDir(plan.source).filePath(files.deletingMarker), deletingMarker))
        return fail(ErrorCode::Io, QStringLiteral("Cannot write the marker in the source."));
    detail::crashPoint("move.source-marked");
    int error = 0;
    if (!renamePath(plan.source, deleting, &error)) {
        removeFileSynced(QDir(plan.source).filePath(files.deletingMarker));
        return fail(ErrorCode::Io, QStringLiteral("Cannot rename the source: %1").arg(errnoText(error)));
    }
    detail::crashPoint("move.source-renamed");
    if (QFileInfo(plan.destination).isDir())
        ::rmdir(encoded(plan.destination).constData()); // an empty folder was allowed
    if (!renamePath(partial, plan.destination, &error)) {
        const int e = error;
        renamePath(deleting, plan.source);
        removeFileSynced(QDir(plan.source).filePath(files.deletingMarker));
        return fail(ErrorCode::Io, QStringLiteral("Cannot put the copy in place: %1").arg(errnoText(e)));
    }
    detail::crashPoint("move.copy-in-place");
    removeFileSynced(QDir(plan.destination).filePath(files.partialMarker));
    detail::crashPoint("move.marker-removed");
    if (!removeFolder(files, deleting, files.deletingMarker)) {
        return Error(ErrorCode::Io, label,
                     QStringLiteral("The %1 was moved, but its old copy %2 could not be fully deleted; "
                                    "'quirectl recover' finishes it.")
                         .arg(files.format.kind(), deleting));
    }
    detail::crashPoint("move.source-deleted");
    return {};
}

} // namespace

QString folderRecoveryOutcomeName(FolderRecoveryReport::Entry::Outcome outcome)
{
    switch (outcome) {
    case Entry::Outcome::Finished: return QStringLiteral("finished");
    case Entry::Outcome::Undone: return QStringLiteral("undone");
    case Entry::Outcome::Cleaned: return QStringLiteral("cleaned");
    case Entry::Outcome::Pending: return QStringLiteral("pending");
    }
    return QStringLiteral("unknown");
}

static Result<Tenant> moveTenantImpl(Registry &registry, const QUuid &uuid, const QString &destinationFolder,
                               const MoveOptions &options)
{
    const ControlFiles files(registry.format());
    // Where the album is now.
    Tenant open = registry.find(uuid);
    QString source = open.isNull() ? QString() : open.folder();
    if (source.isEmpty()) {
        Result<QList<CatalogEntry>> entries = registry.catalog();
        if (!entries)
            return entries.error();
        for (const CatalogEntry &e : std::as_const(*entries)) {
            if (e.uuid == uuid)
                source = e.folder;
        }
    }
    const QString uuidText = uuid.toString(QUuid::WithoutBraces);
    if (source.isEmpty())
        return Error(ErrorCode::NotFound, uuidText, QStringLiteral("No %1 with this UUID is known.").arg(files.format.kind()));
    source = QFileInfo(source).canonicalFilePath();
    if (source.isEmpty() || detail::peekTenantUuid(source, files.format) != uuid)
        return Error(ErrorCode::NotFound, uuidText,
                     QStringLiteral("The %1 is missing: it is not in its folder; scan for it first.")
                         .arg(files.format.kind()));
    const QString label = albumLabel(source);
    auto refuse = [&](ErrorCode code, const QString &message) -> Result<Tenant> {
        return Error(code, label, QStringLiteral("Cannot move the %1: %2 Nothing was moved.").arg(files.format.kind(), message));
    };

    // The destination.
    if (destinationFolder.isEmpty())
        return refuse(ErrorCode::InvalidArgument, QStringLiteral("no destination was given."));
    const QString destParentIn = parentOf(QFileInfo(destinationFolder).absoluteFilePath());
    const QString destParent = QFileInfo(destParentIn).canonicalFilePath();
    if (destParent.isEmpty())
        return refuse(ErrorCode::NotFound, QStringLiteral("the folder %1 does not exist.").arg(destParentIn));
    const QString destination = QDir(destParent).filePath(QFileInfo(destinationFolder).fileName());
    if (destination == source || destination.startsWith(source + QLatin1Char('/'))
        || destParent == source || destParent.startsWith(source + QLatin1Char('/')))
        return refuse(ErrorCode::InvalidArgument,
                      QStringLiteral("the destination %1 is inside the %2's own folder.")
                          .arg(destination, files.format.kind()));
    const QFileInfo destInfo(destination);
    if (destInfo.exists() || destInfo.isSymLink()) {
        if (!destInfo.isDir() || destInfo.isSymLink() || !isEmptyFolder(destination))
            return refuse(ErrorCode::AlreadyExists,
                          QStringLiteral("the destination %1 exists and is not empty.").arg(destination));
    }
    // The source must be removable from where it is.
    struct statvfs fs {};
    if (::access(encoded(parentOf(source)).constData(), W_OK) != 0
        || (::statvfs(encoded(source).constData(), &fs) == 0 && (fs.f_flag & ST_RDONLY)))
        return refuse(ErrorCode::ReadOnly,
                      QStringLiteral("the %1's folder cannot be removed from %2 (read-only media or "
                                     "no permission); copy it instead.")
                          .arg(files.format.kind(), parentOf(source)));
    if (::access(encoded(destParent).constData(), W_OK) != 0)
        return refuse(ErrorCode::ReadOnly, QStringLiteral("the folder %1 cannot be written.").arg(destParent));
    struct stat ss {}, ds {};
    if (::stat(encoded(source).constData(), &ss) != 0 || ::stat(encoded(destParent).constData(), &ds) != 0)
        return refuse(ErrorCode::Io, QStringLiteral("the folders cannot be read: %1").arg(errnoText(errno)));
    Plan plan;
    plan.op = QUuid::createUuid().toString(QUuid::WithoutBraces);
    plan.album = uuid;
    plan.source = source;
    plan.destination = destination;
    plan.crossFs = ss.st_dev != ds.st_dev;
    if (plan.crossFs) {
        // Room for the pictures and the database at the destination.
        qint64 need = 0;
        QDirIterator it(source, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            if (!it.fileInfo().isSymLink())
                need += it.fileInfo().size();
        }
        struct statvfs dfs {};
        if (::statvfs(encoded(destParent).constData(), &dfs) == 0
            && qint64(dfs.f_bavail) * qint64(dfs.f_frsize) < need + (1 << 20))
            return refuse(ErrorCode::Io, QStringLiteral("not enough free space in %1: %2 bytes needed, %3 free.")
                                             .arg(destParent).arg(need).arg(qint64(dfs.f_bavail) * qint64(dfs.f_frsize)));
    }

    // Pictures being moved in or out by another process (a transfer holds
    // the source's transfers.lock): moving the folder under it would strand
    // the transfer's records and files.
    if (detail::transferLockHeld(source, files.format))
        return refuse(ErrorCode::Busy, QStringLiteral("another program is moving %1 in or out of it; "
                                                      "try again when it is done.")
                                           .arg(files.format.rowNoun()));

    // Drain and close the album in this registry; nothing in this process
    // opens it at its old place until the move is done or undone.
    detail::FolderFence fence(registry, source);
    if (!open.isNull()) {
        if (auto r = open.close(options.wait); !r) {
            fence.lift();
            return refuse(r.error().code(), r.error().message());
        }
    }
    auto reopen = [&]() {
        fence.lift();
        (void)registry.open(source);
    };
    detail::crashPoint("move.closed");
    if (detail::albumHeldElsewhere(source, files.format)) {
        reopen();
        return refuse(ErrorCode::Busy, QStringLiteral("another program has the %1 open; close it there first.")
                                           .arg(files.format.kind()));
    }
    MoveLock lock;
    if (!lock.take(files, source, plan.op)) {
        reopen();
        return refuse(ErrorCode::Busy, QStringLiteral("another move of this %1 is running.").arg(files.format.kind()));
    }
    auto reopenUnlocked = [&]() {
        lock.release(files, source);
        reopen();
    };
    if (options.cancel && options.cancel->load()) {
        reopenUnlocked();
        return refuse(ErrorCode::Cancelled, QStringLiteral("the move was cancelled."));
    }

    // The intent, in the workspace, before anything moves.
    if (!QDir().mkpath(folderJournalFolder(registry))) {
        reopenUnlocked();
        return refuse(ErrorCode::Io, QStringLiteral("the workspace %1 cannot be written.").arg(registry.workspaceFolder()));
    }
    plan.journal = QDir(folderJournalFolder(registry)).filePath(plan.op + QStringLiteral(".json"));
    detail::crashPoint("move.begin");
    if (!writeJsonSynced(plan.journal, plan.json())) {
        reopenUnlocked();
        return refuse(ErrorCode::Io, QStringLiteral("the move's journal cannot be written in %1.").arg(folderJournalFolder(registry)));
    }
    detail::crashPoint("move.journaled");

    if (!plan.crossFs) {
        if (destInfo.isDir())
            ::rmdir(encoded(destination).constData()); // an empty folder was allowed
        if (::rename(encoded(source).constData(), encoded(destination).constData()) != 0) {
            const int error = errno;
            removeFileSynced(plan.journal);
            reopenUnlocked();
            return refuse(ErrorCode::Io, QStringLiteral("renaming to %1 failed: %2").arg(destination, errnoText(error)));
        }
        detail::crashPoint("move.renamed");
        fsyncFolder(parentOf(source));
        fsyncFolder(destParent);
        detail::crashPoint("move.parents-synced");
    } else {
        Result<void> copied = copyAcross(files, plan, options);
        if (!copied && detail::peekTenantUuid(destination, files.format) != uuid) {
            removeFileSynced(plan.journal);
            reopenUnlocked();
            return copied.error();
        }
        if (!copied) {
            lock.release(files, destination);
            follow(registry, destination);
            return copied.error();
        }
    }

    // The registry follows.
    lock.release(files, destination);
    Result<Tenant> moved = registry.open(destination);
    detail::crashPoint("move.catalogued");
    removeFileSynced(plan.journal);
    detail::crashPoint("move.done");
    return moved;
}

Result<Tenant> moveTenant(Registry &registry, const QUuid &uuid, const QString &destinationFolder,
                        const MoveOptions &options)
{
    return withKind(moveTenantImpl(registry, uuid, destinationFolder, options), registry.format().kind());
}

Result<FolderRecoveryReport> recoverFolderOperations(Registry &registry, const QStringList &roots)
{
    const ControlFiles files(registry.format());
    FolderRecoveryReport report;
    QStringList scanRoots = roots;
    QList<Plan> plans;
    QList<Plan> trashed; // deleteTenant's moves to the desktop trash (no destination)
    const QDir journals(folderJournalFolder(registry));
    for (const QString &name : journals.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const QJsonObject o = readJsonFile(journals.filePath(name));
        Plan p;
        p.op = o.value(QStringLiteral("operation")).toString();
        p.album = QUuid::fromString(o.value(QStringLiteral("album")).toString());
        p.source = o.value(QStringLiteral("source")).toString();
        p.destination = o.value(QStringLiteral("destination")).toString();
        p.journal = journals.filePath(name);
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("trash") && !p.album.isNull()
            && !p.source.isEmpty()) {
            trashed.append(p);
            continue;
        }
        if (p.album.isNull() || p.source.isEmpty() || p.destination.isEmpty()) {
            removeFileSynced(p.journal); // a journal cut short before it was committed
            continue;
        }
        scanRoots << parentOf(p.source) << parentOf(p.destination);
        plans.append(p);
    }
    // Moves still running (their lock is held) are left alone.
    QSet<QString> live;
    QStringList candidates;
    for (const QString &root : std::as_const(scanRoots)) {
        for (const QFileInfo &child : QDir(root).entryInfoList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks))
            candidates << child.absoluteFilePath();
    }
    for (const Plan &p : std::as_const(plans))
        candidates << p.source << p.destination << p.source + DeletingTag + p.op;
    for (const QString &folder : std::as_const(candidates)) {
        if (const QString op = liveOperationIn(files, folder); !op.isEmpty())
            live.insert(op);
    }
    const int before = int(report.entries.size());
    recoverLeftovers(files, scanRoots, live, report);
    for (const QString &root : std::as_const(scanRoots)) { // interrupted album copies (folders.h)
        for (const QString &removed : detail::recoverFolderCopies(root, files.format))
            report.entries.append({QUuid(), removed, Entry::Outcome::Cleaned, QStringLiteral("an unfinished %1 copy was removed").arg(files.format.kind())});
    }
    QSet<QUuid> reported;
    for (int i = before; i < report.entries.size(); ++i)
        reported.insert(report.entries[i].album);
    for (const Plan &p : std::as_const(plans)) {
        if (live.contains(p.op))
            continue;
        Entry e;
        e.album = p.album;
        if (detail::peekTenantUuid(p.destination, files.format) == p.album) {
            e.folder = p.destination;
            e.outcome = Entry::Outcome::Finished;
            e.message = QStringLiteral("the %1 is in its new folder %2").arg(files.format.kind(), p.destination);
        } else if (detail::peekTenantUuid(p.source, files.format) == p.album) {
            e.folder = p.source;
            e.outcome = Entry::Outcome::Undone;
            e.message = QStringLiteral("the %1 stays in %2").arg(files.format.kind(), p.source);
        } else {
            e.folder = p.source;
            e.outcome = Entry::Outcome::Pending;
            e.message = QStringLiteral("the %1 is in neither %2 nor %3").arg(files.format.kind(), p.source, p.destination);
            report.entries.append(e);
            continue;
        }
        follow(registry, e.folder);
        removeFileSynced(p.journal);
        if (!reported.contains(p.album))
            report.entries.append(e);
    }
    // Moves to the trash cut short: the tenant is still in its folder (the
    // move never happened: it stays), or it is gone (to the trash, which
    // Qt does in one rename: the workspace forgets it, below).
    for (const Plan &t : std::as_const(trashed)) {
        Entry e;
        e.album = t.album;
        e.folder = t.source;
        if (detail::peekTenantUuid(t.source, files.format) == t.album) {
            e.outcome = Entry::Outcome::Undone;
            e.message = QStringLiteral("the %1 was not moved to the trash; it stays in %2").arg(files.format.kind(), t.source);
        } else {
            e.outcome = Entry::Outcome::Cleaned;
            e.message = QStringLiteral("the %1 was moved to the trash from %2").arg(files.format.kind(), t.source);
        }
        report.entries.append(e);
    }
    // Tenants whose deletion was cut short before the workspace forgot them:
    // forgotten now, unless the catalog's folder for one still holds it.
    for (const Entry &e : std::as_const(report.entries)) {
        if (e.album.isNull() || e.outcome != Entry::Outcome::Cleaned)
            continue;
        const Result<QList<CatalogEntry>> catalog = registry.catalog();
        if (!catalog)
            return catalog.error();
        for (const CatalogEntry &known : *catalog) {
            if (known.uuid == e.album && detail::peekTenantUuid(known.folder, files.format) != e.album) {
                if (auto r = registry.forget(e.album); !r)
                    return r.error();
            }
        }
    }
    for (const Plan &t : std::as_const(trashed)) // kept until the workspace agrees
        removeFileSynced(t.journal);
    // Albums whose leftovers were handled without a journal: point the catalog there.
    for (const Entry &e : std::as_const(report.entries)) {
        if (!e.album.isNull() && e.outcome != Entry::Outcome::Pending && detail::peekTenantUuid(e.folder, files.format) == e.album) {
            ::unlink(encoded(QDir(e.folder).filePath(files.lockFile)).constData()); // left by the crashed mover
            follow(registry, e.folder);
        }
    }
    return report;
}

} // namespace quire

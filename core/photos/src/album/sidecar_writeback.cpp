#include "album/sidecar_writeback.h"

#include "media/sidecar_file.h"
#include "media/sidecar_write.h"

#include "quire/album.h"
#include "quire/pictures.h"
#include "quire/connection.h"
#include "quire/session.h"
#include "quire/transaction.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <sys/stat.h>

namespace quire {

namespace detail {

namespace sidecar_writeback {

const QByteArray FollowUpKey = QByteArrayLiteral("quire.album.sidecars");

// The setting is a row of the album's meta table, not of the workspace:
// the album is the truth and the workspace a cache that may be deleted at
// any time (DESIGN.md), so a setting kept there would be lost with it, and
// quirectl, the desktop app and another computer with other workspaces
// would each see their own. In the album it moves, copies and syncs with
// the folder whose sidecars it is about, and it is read at each commit
// that changed a sidecar field, so another process turning it on or off
// is seen at once. Absent (every album made before) is off.
const char *const SettingKey = "sidecar_write_back";

Result<bool> readSetting(Connection &db)
{
    Result<Statement> select = db.cached("SELECT value FROM meta WHERE key = ?1");
    if (!select)
        return select.error();
    select->bind(1, QString::fromLatin1(SettingKey));
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    return *row && select->int64(0) == 1;
}

struct PictureToWrite {
    qint64 id = 0;
    QString path;
    // The sidecar as Quire last read or wrote it (the rescan's record).
    QString recordedSidecar;
    qint64 recordedSize = -1;
    qint64 recordedModifiedMs = -1;
    SidecarFields fields;
};

Result<std::optional<PictureToWrite>> readPicture(Connection &db, qint64 id)
{
    Result<Statement> select =
        db.cached("SELECT path, state, rating, label, pick, ifnull(title, ''), ifnull(description, ''),"
                  " ifnull(sidecar_path, ''), ifnull(sidecar_size, -1), ifnull(sidecar_mtime, -1)"
                  " FROM pictures WHERE id = ?1");
    if (!select)
        return select.error();
    select->bind(1, id);
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    // A picture removed since, or whose file is missing: no sidecar is
    // written beside nothing (it would be a sidecar of no picture).
    if (!*row || select->integer(1) != int(PictureState::Present))
        return std::optional<PictureToWrite>();
    PictureToWrite p;
    p.id = id;
    p.path = select->text(0);
    p.fields.rating = select->integer(2);
    p.fields.colourLabel = colourLabelNamed(select->text(3)).value_or(ColourLabel::None);
    p.fields.pick = pickStateNamed(select->text(4)).value_or(PickState::None);
    p.fields.title = select->text(5);
    p.fields.description = select->text(6);
    p.recordedSidecar = select->text(7);
    p.recordedSize = select->int64(8);
    p.recordedModifiedMs = select->int64(9);
    Result<Statement> tags = db.cached(
        "WITH RECURSIVE up(parent_id, path, depth) AS ("
        " SELECT t.parent_id, t.name, 0 FROM picture_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.picture_id = ?1"
        " UNION ALL SELECT t.parent_id, t.name || '/' || up.path, up.depth + 1 FROM tags t JOIN up ON t.id = up.parent_id"
        " WHERE up.depth < 100)"
        " SELECT path FROM up WHERE parent_id IS NULL ORDER BY path");
    if (!tags)
        return tags.error();
    tags->bind(1, id);
    if (auto r = tags->each([&](const Statement &s) { p.fields.tagPaths.append(s.text(0)); }); !r)
        return r.error();
    return std::optional<PictureToWrite>(std::move(p));
}

// NAME.EXT.xmp: the convention of darktable and digiKam, one picture's
// alone. One the picture was read with in another case (NAME.EXT.XMP) is
// written in place rather than beside it.
QString sidecarPathOf(const QString &folder, const PictureToWrite &p)
{
    const QString own = p.path + QStringLiteral(".xmp");
    if (p.recordedSidecar.compare(own, Qt::CaseInsensitive) == 0)
        return p.recordedSidecar;
    const QString upper = p.path + QStringLiteral(".XMP");
    if (!QFileInfo::exists(QDir(folder).filePath(own)) && QFileInfo::exists(QDir(folder).filePath(upper)))
        return upper;
    return own;
}

// Nothing a tenant holds may lead outside its folder: a picture row of an
// album made elsewhere may name "../x.jpg", and a folder inside may be a
// link to another place. The sidecar's folder, links followed, must be
// the album's or one below it.
bool staysInside(const QString &albumFolder, const QString &relative)
{
    Result<QString> clean = Pictures::normalisedPath(relative);
    if (!clean)
        return false;
    const QString root = QFileInfo(albumFolder).canonicalFilePath();
    const QString folder = QFileInfo(QFileInfo(QDir(albumFolder).filePath(*clean)).absolutePath()).canonicalFilePath();
    return !root.isEmpty() && !folder.isEmpty() && (folder == root || folder.startsWith(root + QLatin1Char('/')));
}

// The sidecar another program wrote since Quire last read or wrote it
// (digiKam, darktable or Lightroom working on the same folder), or
// nothing: absent, as Quire left it, or unreadable (writeSidecar then
// refuses it and says why).
std::optional<SidecarFields> changedBehindOurBack(const QString &absolutePath, const QString &relativePath,
                                                  const PictureToWrite &p)
{
    struct stat st {};
    const QByteArray native = QFile::encodeName(absolutePath);
    if (::stat(native.constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    FoundFile found;
    found.nativePath = native;
    found.relativePath = relativePath;
    found.size = qint64(st.st_size);
    found.modifiedMs = modifiedMsOf(st);
    if (p.recordedSidecar == relativePath && p.recordedSize == found.size
        && p.recordedModifiedMs == found.modifiedMs)
        return std::nullopt;
    const SidecarRead read = readSidecar(found);
    if (!read.failure.isEmpty())
        return std::nullopt;
    SidecarFields theirs;
    theirs.tagPaths = read.metadata.keywords;
    theirs.rating = read.metadata.rating.value_or(0);
    theirs.pick = read.metadata.pick.value_or(PickState::None);
    theirs.colourLabel = read.metadata.colourLabel.value_or(ColourLabel::None);
    theirs.title = read.metadata.title;
    theirs.description = read.metadata.description;
    return theirs;
}

// Both programs' changes: what this edit changed (after against before)
// is Quire's, every other field keeps what the other program wrote, and
// the tags this edit added or removed are added to or removed from the
// other program's. Neither side's edit is lost, and a field both changed
// takes Quire's, the later of the two.
SidecarFields merged(const SidecarFields &before, const SidecarFields &after, const SidecarFields &theirs)
{
    SidecarFields out = theirs;
    if (after.rating != before.rating)
        out.rating = after.rating;
    if (after.pick != before.pick)
        out.pick = after.pick;
    if (after.colourLabel != before.colourLabel)
        out.colourLabel = after.colourLabel;
    if (after.title != before.title)
        out.title = after.title;
    if (after.description != before.description)
        out.description = after.description;
    const QSet<QString> was(before.tagPaths.cbegin(), before.tagPaths.cend());
    const QSet<QString> now(after.tagPaths.cbegin(), after.tagPaths.cend());
    QSet<QString> tags(theirs.tagPaths.cbegin(), theirs.tagPaths.cend());
    tags.unite(QSet<QString>(now).subtract(was));
    tags.subtract(QSet<QString>(was).subtract(now));
    out.tagPaths = QStringList(tags.cbegin(), tags.cend());
    out.tagPaths.sort();
    return out;
}

class SidecarWriteBack final : public CommitFollowUp
{
public:
    SidecarWriteBack(QString folder, QString kind) : m_folder(std::move(folder)), m_kind(std::move(kind)) {}
    // Called before the transaction changes these pictures: the first
    // time a picture is noted, its fields as they were are kept, to tell
    // this edit's changes from another program's.
    Result<void> add(Connection &db, const QList<qint64> &ids);
    Result<void> run(Connection &db) override;

private:
    Error error(ErrorCode code, const QString &message) const { return Error(code, m_folder, message).withKind(m_kind); }

    QString m_folder;
    QString m_kind;
    std::optional<bool> m_on; // the album's setting, read at the first note
    QSet<qint64> m_ids;
    QHash<qint64, SidecarFields> m_before;
};

Result<void> SidecarWriteBack::add(Connection &db, const QList<qint64> &ids)
{
    if (!m_on) {
        Result<bool> on = readSetting(db);
        if (!on)
            return on.error();
        m_on = *on;
    }
    for (qint64 id : ids) {
        if (m_ids.contains(id))
            continue;
        m_ids.insert(id);
        if (!*m_on)
            continue; // nothing will be written: nothing to compare
        Result<std::optional<PictureToWrite>> picture = readPicture(db, id);
        if (!picture)
            return picture.error();
        if (*picture)
            m_before.insert(id, (*picture)->fields);
    }
    return {};
}

Result<void> SidecarWriteBack::run(Connection &db)
{
    Result<bool> on = readSetting(db);
    if (!on)
        return on.error();
    if (!*on || m_ids.isEmpty())
        return {};
    QList<qint64> ids(m_ids.cbegin(), m_ids.cend());
    std::sort(ids.begin(), ids.end());
    struct Written {
        qint64 id;
        QString path;
        WrittenSidecar file;
    };
    QList<Written> written;
    std::optional<Error> first;
    int failures = 0;
    for (qint64 id : std::as_const(ids)) {
        Result<std::optional<PictureToWrite>> picture = readPicture(db, id);
        if (!picture)
            return picture.error();
        if (!*picture)
            continue;
        const QString path = sidecarPathOf(m_folder, **picture);
        const QString absolute = QDir(m_folder).filePath(path);
        const bool inside = staysInside(m_folder, path);
        // Another program changed the sidecar since Quire read it: both
        // changes go into it, and the picture's record of the sidecar stays
        // as it was, so that the next rescan reads the other program's
        // changes into the album too.
        const std::optional<SidecarFields> theirs =
            inside ? changedBehindOurBack(absolute, path, **picture) : std::nullopt;
        const auto before = m_before.constFind(id);
        const SidecarFields fields = theirs && before != m_before.cend()
            ? merged(*before, (*picture)->fields, *theirs)
            : (*picture)->fields;
        WrittenSidecar file;
        Result<void> done = inside
            ? writeSidecar(absolute, fields, &file)
            : Result<void>(Error(ErrorCode::InvalidArgument, {},
                                 QStringLiteral("it would lie outside the album folder (the picture's path or a "
                                                "folder that is a link leads out), so Quire does not write it")));
        if (!done) {
            if (!first) {
                first = error(done.error().code(),
                              QStringLiteral("The change is saved in the album, but the sidecar %1 was not written: %2.")
                                  .arg(path, done.error().message()));
            }
            ++failures;
            continue;
        }
        if (!theirs)
            written.append({id, path, file});
    }
    // What Quire wrote is what the album already says: a rescan that finds
    // these sizes and times reads nothing again.
    if (!written.isEmpty()) {
        Result<Transaction> transaction = Transaction::begin(db, true);
        if (!transaction)
            return transaction.error();
        Result<Statement> record = db.cached(
            "UPDATE pictures SET sidecar_path = ?1, sidecar_size = ?2, sidecar_mtime = ?3 WHERE id = ?4");
        if (!record)
            return record.error();
        for (const Written &w : std::as_const(written)) {
            if (auto r = record->bind(1, w.path).bind(2, w.file.size).bind(3, w.file.modifiedMs).bind(4, w.id).run(); !r)
                return r;
        }
        if (auto r = transaction->commit(); !r)
            return r;
    }
    if (first) {
        if (failures > 1)
            return error(first->code(), first->message().chopped(1)
                                            + QStringLiteral(" (and %1 more sidecars were not written).").arg(failures - 1));
        return *first;
    }
    return {};
}

} // namespace sidecar_writeback

Result<void> noteSidecarEdits(Session &session, const QList<qint64> &pictureIds)
{
    using namespace sidecar_writeback;
    Connection &db = session.connection();
    if (!db.inTransaction() || pictureIds.isEmpty())
        return {};
    auto *queued = static_cast<SidecarWriteBack *>(db.commitFollowUp(FollowUpKey));
    if (!queued) {
        const Tenant tenant = session.tenant();
        auto made = std::make_unique<SidecarWriteBack>(tenant.folder(), QStringLiteral("album"));
        queued = made.get();
        db.queueCommitFollowUp(FollowUpKey, std::move(made));
    }
    return withKind(queued->add(db, pictureIds), QStringLiteral("album"));
}

Result<void> noteSidecarEditsOfTag(Session &session, qint64 tagId)
{
    Result<Statement> carrying = session.connection().cached(
        "WITH RECURSIVE down(id) AS (SELECT ?1 UNION SELECT t.id FROM tags t JOIN down ON t.parent_id = down.id)"
        " SELECT DISTINCT picture_id FROM picture_tags WHERE tag_id IN (SELECT id FROM down)");
    if (!carrying)
        return carrying.error();
    carrying->bind(1, tagId);
    QList<qint64> ids;
    if (auto r = carrying->each([&](const Statement &s) { ids.append(s.int64(0)); }); !r)
        return r;
    return noteSidecarEdits(session, ids);
}

void dropSidecarEdits(Session &session)
{
    session.connection().dropCommitFollowUp(sidecar_writeback::FollowUpKey);
}

} // namespace detail

Result<bool> Album::writesSidecars() const
{
    Result<Session> session = read();
    if (!session)
        return session.error();
    return withKind(detail::sidecar_writeback::readSetting(session->connection()), QStringLiteral("album"));
}

Result<void> Album::setWritesSidecars(bool on) const
{
    Result<Session> session = write();
    if (!session)
        return session.error();
    Result<qint64> set = session->exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                                       {QString::fromLatin1(detail::sidecar_writeback::SettingKey), on ? 1 : 0});
    if (!set)
        return set.error();
    return {};
}

} // namespace quire

#include "index/index_file.h"

#include <QFile>
#include <QFileInfo>

namespace quire::detail {

namespace {

// The rows of each album's pictures that searches need. Tag paths are kept
// whole ('Places/Beach') because a tag filter matches a tag itself only;
// the words table holds every level as words.
constexpr const char *IndexSchema =
    "BEGIN IMMEDIATE;"
    "CREATE TABLE albums ("
    " uuid TEXT PRIMARY KEY NOT NULL,"     // lower-case, no braces: sorts as QUuid does
    " folder TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " generation INTEGER NOT NULL,"        // the album's meta 'generation' when read
    " file_identity TEXT NOT NULL"         // see album_state.h
    ") WITHOUT ROWID;"
    "CREATE TABLE pictures ("
    " id INTEGER PRIMARY KEY,"             // the rowid of its picture_words row too
    " album_uuid TEXT NOT NULL,"
    " picture_id INTEGER NOT NULL,"
    " uuid TEXT NOT NULL,"
    " path TEXT NOT NULL,"
    " taken_at INTEGER,"                   // ms since the epoch, UTC, as in the album
    " rating INTEGER NOT NULL,"
    " state INTEGER NOT NULL,"
    " camera_make TEXT,"
    " camera_model TEXT,"
    " lens TEXT,"
    // Version 3: the words of picture_labels.h, so label: and pick: are
    // answered from the index as from the albums.
    " label TEXT NOT NULL,"
    " pick TEXT NOT NULL,"
    // Version 4: a digest of everything the index holds of the picture
    // (album_rows.cpp), so a changed album rewrites only the pictures
    // that changed, not all of its rows and words.
    " digest INTEGER NOT NULL,"
    " UNIQUE (album_uuid, picture_id));"
    "CREATE INDEX pictures_taken_at ON pictures (taken_at);"
    "CREATE TABLE picture_tags ("
    " tag_path TEXT NOT NULL,"
    " picture INTEGER NOT NULL,"
    " PRIMARY KEY (tag_path, picture)) WITHOUT ROWID;"
    "CREATE INDEX picture_tags_picture ON picture_tags (picture);"
    // Prefix indexes for 2 and 3 characters: typing "be" is answered from
    // the index without a scan of every word starting so.
    "CREATE VIRTUAL TABLE picture_words USING fts5("
    " words, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
    "PRAGMA application_id = 1363756120;" // IndexApplicationId
    "PRAGMA user_version = 4;"            // IndexVersion
    "COMMIT;";
static_assert(IndexApplicationId == 1363756120 && IndexVersion == 4, "IndexSchema's pragmas");

Result<std::unique_ptr<Connection>> connect(const QString &path, bool create)
{
    ConnectionOptions o;
    o.create = create;
    o.untrusted = false; // Quire's own file; a damaged one is caught by the checks below
    o.label = path;
    o.kind = QStringLiteral("workspace index");
    return Connection::open(path, o);
}

Result<qint64> pragma(Connection &db, const QByteArray &name)
{
    Result<Statement> st = db.prepare("PRAGMA " + name);
    if (!st)
        return st.error();
    Result<bool> row = st->step();
    if (!row)
        return row.error();
    return *row ? st->int64(0) : 0;
}

} // namespace

QString distrustedBecause(Connection &db, IndexCheck level)
{
    Result<qint64> id = pragma(db, "application_id");
    if (!id)
        return QStringLiteral("it cannot be read (%1)").arg(id.error().message());
    if (*id != IndexApplicationId)
        return QStringLiteral("it is not a Quire workspace index (application id %1)").arg(*id);
    Result<qint64> version = pragma(db, "user_version");
    if (!version)
        return QStringLiteral("it cannot be read (%1)").arg(version.error().message());
    if (*version != IndexVersion)
        return QStringLiteral("it is of index version %1, this Quire writes version %2")
            .arg(*version).arg(IndexVersion);
    if (level == IndexCheck::Quick)
        return {};
    Result<Statement> check = db.prepare("PRAGMA quick_check(1)");
    if (!check)
        return QStringLiteral("it cannot be read (%1)").arg(check.error().message());
    Result<bool> row = check->step();
    if (!row)
        return QStringLiteral("it is damaged (%1)").arg(row.error().message());
    if (check->text(0) != QLatin1String("ok"))
        return QStringLiteral("it is damaged (%1)").arg(check->text(0));
    // quick_check does not read inside the FTS5 table's own structure.
    if (auto r = db.exec("INSERT INTO picture_words (picture_words, rank) VALUES ('integrity-check', 0)"); !r)
        return QStringLiteral("its word index is damaged (%1)").arg(r.error().message());
    return {};
}

namespace {

bool removeFiles(const QString &path)
{
    bool ok = true;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        if (QFileInfo::exists(path + suffix) && !QFile::remove(path + suffix))
            ok = false;
    }
    return ok;
}

} // namespace

Result<OpenedIndex> openIndexFile(const QString &path, IndexCheck check)
{
    OpenedIndex opened;
    if (QFileInfo::exists(path)) {
        Result<std::unique_ptr<Connection>> db = connect(path, false);
        const QString why = db ? distrustedBecause(**db, check) : QStringLiteral("it cannot be opened (%1)").arg(db.error().message());
        if (why.isEmpty()) {
            opened.connection = std::move(*db);
            return opened;
        }
        opened.rebuiltBecause =
            QStringLiteral("The workspace index %1 was made anew from the albums: %2.").arg(path, why);
    } else {
        opened.rebuiltBecause =
            QStringLiteral("The workspace index %1 did not exist; it was built from the albums.").arg(path);
    }
    // A cache: nothing in it is lost by starting over.
    if (!removeFiles(path))
        return Error(ErrorCode::Io, {},
                     QStringLiteral("The workspace index %1 cannot be replaced; check the workspace "
                                    "folder's permissions.").arg(path));
    Result<std::unique_ptr<Connection>> db = connect(path, true);
    if (!db)
        return db.error();
    if (auto r = (*db)->exec(IndexSchema); !r)
        return r.error();
    opened.connection = std::move(*db);
    return opened;
}

} // namespace quire::detail

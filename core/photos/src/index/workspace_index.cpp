#include "quire/workspace_index.h"

#include "across/search_targets.h"
#include "index/album_rows.h"
#include "index/album_state.h"
#include "index/index_file.h"
#include "index/index_search.h"

#include "quire/album.h"
#include "quire/registry.h"
#include "quire/session.h"
#include "quire/transaction.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

namespace quire {

namespace {

struct IndexedAlbum {
    QString folder;
    QString name;
    qint64 generation = 0;
    QString fileIdentity;
};

Result<QHash<QString, IndexedAlbum>> indexedAlbums(Connection &index)
{
    Result<Statement> select = index.cached("SELECT uuid, folder, name, generation, file_identity FROM albums");
    if (!select)
        return select.error();
    QHash<QString, IndexedAlbum> albums;
    auto read = select->each([&](const Statement &s) {
        albums.insert(s.text(0), {s.text(1), s.text(2), s.int64(3), s.text(4)});
    });
    if (!read)
        return read.error();
    return albums;
}

Result<void> setFileIdentity(Connection &index, const QString &uuid, const QString &folder, const QString &identity)
{
    Result<Statement> update = index.cached("UPDATE albums SET folder = ?2, file_identity = ?3 WHERE uuid = ?1");
    if (!update)
        return update.error();
    update->bind(1, uuid).bind(2, folder).bind(3, identity);
    return update->run();
}

} // namespace

struct WorkspaceIndex::Private {
    Registry &registry;
    QString path;
    std::unique_ptr<Connection> db;
    QString rebuiltBecause;

    // One album of the catalog: left alone when unchanged, else read again.
    // Returns whether it was read again.
    Result<bool> refreshAlbum(const CatalogEntry &entry, const std::optional<IndexedAlbum> &indexed);
};

Result<bool> WorkspaceIndex::Private::refreshAlbum(const CatalogEntry &entry,
                                                   const std::optional<IndexedAlbum> &indexed)
{
    const QString uuid = detail::uuidText(entry.uuid);
    // Taken before the generation is read: a write landing in between then
    // shows as a changed identity next time, never as a missed change.
    const QString identity = detail::fileIdentity(Album::databasePathFor(entry.folder));
    const bool open = !registry.find(entry.uuid).isNull();
    // An album this process has open is asked for its generation (one
    // SELECT on a pooled connection); a closed one only when its file
    // changed, so an unchanged closed album is never opened.
    if (indexed && !open && !identity.isEmpty() && identity == indexed->fileIdentity
        && entry.folder == indexed->folder)
        return false;
    Result<Album> album = detail::openTarget(registry, {entry.uuid, entry.folder, entry.name});
    if (!album)
        return album.error();
    Result<Session> session = album->session(Access::Read, QStringLiteral("index"));
    if (!session)
        return session.error().album().isEmpty() ? session.error().withAlbum(entry.folder) : session.error();
    if (indexed) {
        Result<qint64> generation = detail::readGeneration(*session);
        if (!generation)
            return generation.error();
        if (*generation == indexed->generation) {
            if (identity != indexed->fileIdentity || entry.folder != indexed->folder) {
                if (auto r = setFileIdentity(*db, uuid, entry.folder, identity); !r)
                    return r.error();
            }
            return false;
        }
    }
    detail::AlbumRows rows;
    rows.uuid = entry.uuid;
    rows.folder = entry.folder;
    rows.name = album->name();
    rows.fileIdentity = identity;
    if (auto r = detail::readAlbumRows(*session, rows); !r)
        return r.error();
    if (auto r = detail::writeAlbumRows(*db, rows); !r)
        return r.error();
    return true;
}

WorkspaceIndex::WorkspaceIndex(Registry &registry)
    : d(std::make_unique<Private>(Private{registry, pathFor(registry.workspaceFolder()), {}, {}}))
{
}

WorkspaceIndex::~WorkspaceIndex() = default;

QString WorkspaceIndex::pathFor(const QString &workspaceFolder)
{
    return QDir(workspaceFolder).filePath(QStringLiteral("index.db"));
}

bool WorkspaceIndex::existsFor(const Registry &registry)
{
    return QFileInfo::exists(pathFor(registry.workspaceFolder()));
}

Result<void> WorkspaceIndex::open(Check check)
{
    if (d->db)
        return {};
    if (!QDir().mkpath(d->registry.workspaceFolder()))
        return Error(ErrorCode::Io, {},
                     QStringLiteral("The workspace folder %1 cannot be made; check its permissions.")
                         .arg(d->registry.workspaceFolder()));
    Result<detail::OpenedIndex> opened = detail::openIndexFile(
        d->path, check == Check::Quick ? detail::IndexCheck::Quick : detail::IndexCheck::Thorough);
    if (!opened)
        return opened.error();
    d->db = std::move(opened->connection);
    d->rebuiltBecause = opened->rebuiltBecause;
    return {};
}

QString WorkspaceIndex::rebuiltBecause() const
{
    return d->rebuiltBecause;
}

Result<IndexRefresh> WorkspaceIndex::refresh(const Progress &progress, const std::atomic_bool *cancelled)
{
    if (auto r = open(); !r)
        return r.error();
    Result<QList<CatalogEntry>> catalog = d->registry.catalog();
    if (!catalog)
        return catalog.error();
    Result<QHash<QString, IndexedAlbum>> indexed = indexedAlbums(*d->db);
    if (!indexed)
        return indexed.error();
    IndexRefresh done;
    done.albumsTotal = int(catalog->size());
    QSet<QString> known;
    int step = 0;
    for (const CatalogEntry &entry : *catalog) {
        if (cancelled && cancelled->load()) {
            done.cancelled = true;
            break;
        }
        const QString uuid = detail::uuidText(entry.uuid);
        known.insert(uuid);
        const auto found = indexed->constFind(uuid);
        Result<bool> read = d->refreshAlbum(
            entry, found == indexed->cend() ? std::nullopt : std::optional<IndexedAlbum>(*found));
        if (!read)
            done.failedAlbums.append(read.error()); // its old rows stay: a missing album is still found
        else if (*read)
            ++done.albumsReindexed;
        if (progress)
            progress(++step, done.albumsTotal);
    }
    if (done.cancelled)
        return done;
    // Albums the workspace forgot: their pictures are no longer searched.
    for (auto it = indexed->cbegin(); it != indexed->cend(); ++it) {
        if (known.contains(it.key()))
            continue;
        Result<Transaction> tx = Transaction::begin(*d->db, true);
        if (!tx)
            return tx.error();
        if (auto r = detail::dropAlbumRows(*d->db, it.key()); !r)
            return r.error();
        if (auto r = tx->commit(); !r)
            return r.error();
        ++done.albumsRemoved;
    }
    return done;
}

Result<IndexRefresh> WorkspaceIndex::rebuild(const Progress &progress, const std::atomic_bool *cancelled)
{
    if (auto r = open(); !r)
        return r.error();
    if (auto r = d->db->exec("BEGIN IMMEDIATE; DELETE FROM picture_words; DELETE FROM picture_tags;"
                             " DELETE FROM pictures; DELETE FROM albums; COMMIT;");
        !r) {
        (void)d->db->exec("ROLLBACK");
        return r.error();
    }
    return refresh(progress, cancelled);
}

Result<SearchResult> WorkspaceIndex::search(const SearchQuery &query)
{
    if (auto r = open(); !r)
        return r.error();
    SearchResult result;
    Result<detail::AlbumTargets> targets = detail::albumTargets(d->registry, query.albums);
    if (!targets)
        return targets.error();
    result.failedAlbums = targets->unknown;
    result.albumsTotal = int(targets->albums.size() + targets->unknown.size());
    result.albumsDone = result.albumsTotal;
    if (!query.albums.isEmpty() && targets->albums.isEmpty()) {
        result.finished = true;
        result.fromIndex = true;
        return result;
    }
    QList<QUuid> albums;
    if (!query.albums.isEmpty()) {
        for (const detail::AlbumTarget &target : targets->albums)
            albums.append(target.uuid);
    }
    Result<QList<SearchHit>> hits = detail::searchIndex(*d->db, query, albums);
    if (!hits)
        return hits.error();
    result.hits = std::move(*hits);
    result.finished = true;
    result.fromIndex = true;
    return result;
}

} // namespace quire

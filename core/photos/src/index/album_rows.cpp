#include "index/album_rows.h"

#include "index/album_state.h"
#include "index/index_words.h"

#include "quire/pictures.h"
#include "quire/session.h"
#include "quire/transaction.h"

#include <QCryptographicHash>
#include <QHash>

#include <cstring>

namespace quire::detail {

namespace {

// Every tag's full path. The depth bound keeps a hostile album whose
// parent_id values form a cycle from looping for ever.
constexpr const char *TagPathsSql =
    "WITH RECURSIVE tag_path (id, path, depth) AS ("
    " SELECT id, name, 0 FROM tags WHERE parent_id IS NULL"
    " UNION ALL SELECT t.id, tp.path || '/' || t.name, tp.depth + 1"
    " FROM tags t JOIN tag_path tp ON t.parent_id = tp.id WHERE tp.depth < 100)"
    " SELECT pt.picture_id, tag_path.path FROM picture_tags pt JOIN tag_path ON tag_path.id = pt.tag_id"
    " ORDER BY pt.picture_id, tag_path.path";

} // namespace

QString uuidText(const QUuid &uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

Result<void> readAlbumRows(Session &session, AlbumRows &rows)
{
    Result<Transaction> snapshot = session.transaction();
    if (!snapshot)
        return snapshot.error();
    Result<qint64> generation = readGeneration(session);
    if (!generation)
        return generation.error();
    rows.generation = *generation;
    Result<QString> name = readName(session);
    if (!name)
        return name.error();
    rows.name = *name;
    QHash<qint64, QStringList> tags;
    {
        Result<Statement> select = session.statement(TagPathsSql);
        if (!select)
            return select.error();
        if (auto r = select->each([&](const Statement &s) { tags[s.int64(0)].append(s.text(1)); }); !r)
            return r.error();
    }
    PictureFilter every;
    every.order = PictureFilter::Order::Id;
    Result<QList<Picture>> pictures = quire::Pictures(session).query(every);
    if (!pictures)
        return pictures.error();
    rows.pictures.clear();
    rows.pictures.reserve(pictures->size());
    for (const Picture &picture : std::as_const(*pictures)) {
        IndexedPicture p;
        p.id = picture.id;
        p.uuid = uuidText(picture.uuid);
        p.path = picture.path;
        if (picture.takenAt.isValid())
            p.takenAtMs = picture.takenAt.toMSecsSinceEpoch();
        p.rating = picture.rating;
        p.state = int(picture.state);
        p.cameraMake = picture.cameraMake;
        p.cameraModel = picture.cameraModel;
        p.lens = picture.lens;
        p.title = picture.title;
        p.description = picture.description;
        p.label = colourLabelName(picture.colourLabel);
        p.pick = pickStateName(picture.pick);
        p.tagPaths = tags.value(p.id);
        rows.pictures.append(std::move(p));
    }
    return {};
}

Result<void> dropAlbumRows(Connection &index, const QString &albumUuid)
{
    for (const char *sql : {
             "DELETE FROM picture_words WHERE rowid IN (SELECT id FROM pictures WHERE album_uuid = ?1)",
             "DELETE FROM picture_tags WHERE picture IN (SELECT id FROM pictures WHERE album_uuid = ?1)",
             "DELETE FROM pictures WHERE album_uuid = ?1",
             "DELETE FROM albums WHERE uuid = ?1"}) {
        Result<Statement> st = index.cached(sql);
        if (!st)
            return st.error();
        st->bind(1, albumUuid);
        if (Result<bool> r = st->step(); !r)
            return r.error();
    }
    return {};
}

namespace {

// Everything the index holds of one picture, hashed: equal digests, equal
// rows and words (the album's name is in every picture's words, so a
// renamed album rewrites them all). Each field is length-prefixed, so no
// two different pictures serialise alike.
qint64 pictureDigest(const IndexedPicture &p, const QString &albumName)
{
    QCryptographicHash hash(QCryptographicHash::Blake2b_256);
    auto add = [&](const QString &text) {
        const QByteArray utf8 = text.toUtf8();
        const qint64 size = utf8.size();
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(&size), sizeof size));
        hash.addData(utf8);
    };
    add(albumName);
    add(p.uuid);
    add(p.path);
    add(p.takenAtMs ? QString::number(*p.takenAtMs) : QStringLiteral("-"));
    add(QString::number(p.rating));
    add(QString::number(p.state));
    for (const QString *text : {&p.cameraMake, &p.cameraModel, &p.lens, &p.title, &p.description, &p.label, &p.pick})
        add(*text);
    for (const QString &tag : p.tagPaths)
        add(tag);
    qint64 digest = 0;
    std::memcpy(&digest, hash.result().constData(), sizeof digest);
    return digest;
}

Result<void> dropPicture(Connection &index, qint64 id)
{
    for (const char *sql : {"DELETE FROM picture_words WHERE rowid = ?1", "DELETE FROM picture_tags WHERE picture = ?1",
                            "DELETE FROM pictures WHERE id = ?1"}) {
        Result<Statement> st = index.cached(sql);
        if (!st)
            return st.error();
        st->bind(1, id);
        if (Result<bool> r = st->step(); !r)
            return r.error();
    }
    return {};
}

} // namespace

Result<qint64> writeAlbumRows(Connection &index, const AlbumRows &rows)
{
    const QString album = uuidText(rows.uuid);
    Result<Transaction> tx = Transaction::begin(index, true);
    if (!tx)
        return tx.error();
    // What the index holds of the album now: picture id -> (row, digest).
    QHash<qint64, std::pair<qint64, qint64>> held;
    {
        Result<Statement> select = index.cached("SELECT picture_id, id, digest FROM pictures WHERE album_uuid = ?1");
        if (!select)
            return select.error();
        select->bind(1, album);
        if (auto r = select->each([&](const Statement &s) { held.insert(s.int64(0), {s.int64(1), s.int64(2)}); }); !r)
            return r.error();
    }
    Result<Statement> picture = index.cached(
        "INSERT INTO pictures (album_uuid, picture_id, uuid, path, taken_at, rating, state,"
        " camera_make, camera_model, lens, label, pick, digest)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    Result<Statement> tag = index.cached("INSERT OR IGNORE INTO picture_tags (tag_path, picture) VALUES (?1, ?2)");
    Result<Statement> words = index.cached("INSERT INTO picture_words (rowid, words) VALUES (?1, ?2)");
    for (Result<Statement> *st : {&picture, &tag, &words}) {
        if (!*st)
            return st->error();
    }
    qint64 written = 0;
    for (const IndexedPicture &p : rows.pictures) {
        const qint64 digest = pictureDigest(p, rows.name);
        if (const auto found = held.constFind(p.id); found != held.cend()) {
            const qint64 row = found->first;
            const bool same = found->second == digest;
            held.erase(found);
            if (same)
                continue; // as indexed: its row and words stay
            if (auto r = dropPicture(index, row); !r)
                return r.error();
        }
        picture->bind(1, album).bind(2, p.id).bind(3, p.uuid).bind(4, p.path).bind(5, p.takenAtMs)
            .bind(6, p.rating).bind(7, p.state).bind(8, p.cameraMake).bind(9, p.cameraModel).bind(10, p.lens)
            .bind(11, p.label).bind(12, p.pick).bind(13, digest);
        if (Result<bool> r = picture->step(); !r)
            return r.error();
        picture->reset();
        const qint64 id = index.lastInsertRowId();
        for (const QString &path : p.tagPaths) {
            tag->bind(1, path).bind(2, id);
            if (Result<bool> r = tag->step(); !r)
                return r.error();
            tag->reset();
        }
        const QString text = searchableText({p.path, rows.name, p.cameraMake, p.cameraModel, p.lens, p.title,
                                            p.description, p.tagPaths});
        words->bind(1, id).bind(2, text);
        if (Result<bool> r = words->step(); !r)
            return r.error();
        words->reset();
        ++written;
    }
    // Pictures the album no longer has.
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        if (auto r = dropPicture(index, it->first); !r)
            return r.error();
    }
    Result<Statement> albumRow = index.cached(
        "INSERT OR REPLACE INTO albums (uuid, folder, name, generation, file_identity) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!albumRow)
        return albumRow.error();
    albumRow->bind(1, album).bind(2, rows.folder).bind(3, rows.name).bind(4, rows.generation).bind(5, rows.fileIdentity);
    if (Result<bool> r = albumRow->step(); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    return written;
}

} // namespace quire::detail

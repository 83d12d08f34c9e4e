#include "quire/pictures.h"

#include "quire/session.h"
#include "album/sidecar_writeback.h"
#include "album/write_scope.h"

#include <QDir>

#include <algorithm>
#include <functional>

#include <sqlite3.h>

namespace quire {

using detail::fromMs;
using detail::toMs;

namespace {

constexpr const char *Columns =
    "id, uuid, path, file_size, content_hash, taken_at, width, height, orientation, "
    "camera_make, camera_model, rating, added_at, state, file_mtime, taken_at_guessed, utc_offset, "
    "lens, exposure_time, f_number, iso, focal_length, gps_latitude, gps_longitude, gps_altitude, "
    "kind, duration_ms, frame_rate, video_codec, audio_codec, title, description, label, pick, "
    "sidecar_path";

// The columns bindColumns() writes, at parameters 2..32 (1 is uuid). Not
// the sidecar's: those are the importer's record of what it read.
constexpr const char *WrittenColumns =
    "path, file_size, content_hash, taken_at, width, height, orientation, camera_make, camera_model, "
    "rating, state, file_mtime, taken_at_guessed, utc_offset, lens, exposure_time, f_number, iso, "
    "focal_length, gps_latitude, gps_longitude, gps_altitude, kind, duration_ms, frame_rate, video_codec, "
    "audio_codec, title, description, label, pick";
constexpr int LastWrittenParameter = 32;

// The kind column's words.
QString kindName(PictureKind kind)
{
    return kind == PictureKind::Video ? QStringLiteral("video") : QStringLiteral("photo");
}

template <typename T>
std::optional<T> optionalColumn(const Statement &s, int column)
{
    if (s.isNull(column))
        return std::nullopt;
    if constexpr (std::is_same_v<T, double>)
        return s.real(column);
    else
        return T(s.int64(column));
}

Picture readPicture(const Statement &s)
{
    Picture p;
    p.id = s.int64(0);
    p.uuid = QUuid::fromString(s.text(1));
    p.path = s.text(2);
    p.fileSize = s.int64(3);
    p.contentHash = s.blob(4);
    if (!s.isNull(5))
        p.takenAt = fromMs(s.int64(5));
    p.width = s.integer(6);
    p.height = s.integer(7);
    p.orientation = s.integer(8);
    p.cameraMake = s.text(9);
    p.cameraModel = s.text(10);
    p.rating = s.integer(11);
    p.addedAt = fromMs(s.int64(12));
    p.state = s.integer(13) == 1 ? PictureState::Missing : PictureState::Present;
    if (!s.isNull(14))
        p.fileModified = fromMs(s.int64(14));
    p.takenAtGuessed = s.integer(15) != 0;
    p.utcOffsetMinutes = optionalColumn<int>(s, 16);
    p.lens = s.text(17);
    p.exposureTime = optionalColumn<double>(s, 18);
    p.fNumber = optionalColumn<double>(s, 19);
    p.iso = optionalColumn<int>(s, 20);
    p.focalLength = optionalColumn<double>(s, 21);
    if (!s.isNull(22) && !s.isNull(23))
        p.gps = GeoPosition{s.real(22), s.real(23), optionalColumn<double>(s, 24)};
    p.kind = s.text(25) == QLatin1String("video") ? PictureKind::Video : PictureKind::Photo;
    p.durationMs = optionalColumn<qint64>(s, 26);
    p.frameRate = optionalColumn<double>(s, 27);
    p.videoCodec = s.text(28);
    p.audioCodec = s.text(29);
    p.title = s.text(30);
    p.description = s.text(31);
    p.colourLabel = colourLabelNamed(s.text(32)).value_or(ColourLabel::None);
    p.pick = pickStateNamed(s.text(33)).value_or(PickState::None);
    p.sidecarPath = s.text(34);
    return p;
}

// An empty text is stored as NULL, as a missing one.
QString orNull(const QString &text)
{
    return text.isEmpty() ? QString() : text;
}

// Binds the WrittenColumns at parameters 2..32 (1 is uuid).
void bindColumns(Statement &s, const Picture &p)
{
    auto ms = [](const QDateTime &t) { return t.isValid() ? std::optional<qint64>(toMs(t)) : std::nullopt; };
    s.bind(2, p.path)
        .bind(3, p.fileSize)
        .bindBlob(4, p.contentHash)
        .bind(5, ms(p.takenAt))
        .bind(6, p.width)
        .bind(7, p.height)
        .bind(8, p.orientation)
        .bind(9, p.cameraMake)
        .bind(10, p.cameraModel)
        .bind(11, p.rating)
        .bind(12, int(p.state))
        .bind(13, ms(p.fileModified))
        .bind(14, p.takenAtGuessed ? 1 : 0)
        .bind(15, p.utcOffsetMinutes)
        .bind(16, p.lens)
        .bind(17, p.exposureTime)
        .bind(18, p.fNumber)
        .bind(19, p.iso)
        .bind(20, p.focalLength);
    if (p.gps) {
        s.bind(21, p.gps->latitude).bind(22, p.gps->longitude).bind(23, p.gps->altitude);
    } else {
        s.bindNull(21).bindNull(22).bindNull(23);
    }
    s.bind(24, kindName(p.kind))
        .bind(25, p.durationMs)
        .bind(26, p.frameRate)
        .bind(27, orNull(p.videoCodec))
        .bind(28, orNull(p.audioCodec))
        .bind(29, orNull(p.title))
        .bind(30, orNull(p.description))
        .bind(31, colourLabelName(p.colourLabel))
        .bind(32, pickStateName(p.pick));
}

Result<void> checkValues(Session &session, const Picture &p)
{
    if (p.rating < 0 || p.rating > 5)
        return session.error(ErrorCode::InvalidArgument,
                             QStringLiteral("A rating runs from 0 to 5, not %1 ('%2').").arg(p.rating).arg(p.path));
    if (p.orientation < 1 || p.orientation > 8)
        return session.error(ErrorCode::InvalidArgument,
                             QStringLiteral("An EXIF orientation runs from 1 to 8, not %1 ('%2').")
                                 .arg(p.orientation)
                                 .arg(p.path));
    return {};
}

// A unique or foreign-key failure said in the album's words.
Error describeConstraint(Session &session, const Error &error, const Picture &p)
{
    const int code = error.sqliteCode();
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        if (error.message().contains(QLatin1String("pictures.uuid")))
            return session.error(ErrorCode::AlreadyExists,
                                 QStringLiteral("A picture with UUID %1 is already in the album.")
                                     .arg(p.uuid.toString(QUuid::WithoutBraces)));
        return session.error(ErrorCode::AlreadyExists,
                             QStringLiteral("A picture at '%1' is already in the album.").arg(p.path));
    }
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
        return session.error(ErrorCode::NotFound,
                             QStringLiteral("A tag given for '%1' does not exist in the album.").arg(p.path));
    return error;
}

Result<void> insertOne(Session &session, Picture &p, qint64 now)
{
    if (auto r = checkValues(session, p); !r)
        return r;
    Result<QString> path = Pictures::normalisedPath(p.path);
    if (!path)
        return path.error().withAlbum(session.tenant().folder());
    p.path = *path;
    if (p.uuid.isNull())
        p.uuid = QUuid::createUuid();

    Connection &db = session.connection();
    {
        static const QByteArray sql = [] {
            QByteArray values = "?1";
            for (int i = 2; i <= LastWrittenParameter + 1; ++i)
                values += ", ?" + QByteArray::number(i);
            return QByteArray("INSERT INTO pictures (uuid, ") + WrittenColumns + ", added_at) VALUES ("
                + values + ")";
        }();
        Result<Statement> insert = db.cached(sql);
        if (!insert)
            return insert.error();
        insert->bindText(1, p.uuid.toByteArray(QUuid::WithoutBraces));
        bindColumns(*insert, p);
        insert->bind(LastWrittenParameter + 1, now);
        if (auto r = insert->run(); !r)
            return describeConstraint(session, r.error(), p);
    }
    p.id = db.lastInsertRowId();
    p.addedAt = fromMs(now);
    if (p.tagIds.isEmpty())
        return {};
    Result<Statement> tag = db.cached("INSERT OR IGNORE INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
    if (!tag)
        return tag.error();
    for (qint64 tagId : std::as_const(p.tagIds)) {
        tag->bind(1, p.id).bind(2, tagId);
        if (auto r = tag->run(); !r)
            return describeConstraint(session, r.error(), p);
    }
    return {};
}

QByteArray placeholders(qsizetype count)
{
    QByteArray list;
    list.reserve(count * 2);
    for (qsizetype i = 0; i < count; ++i)
        list += i ? ",?" : "?";
    return list;
}

} // namespace

Result<QString> Pictures::normalisedPath(const QString &path)
{
    auto refuse = [&](const QString &why) {
        return Error(ErrorCode::InvalidArgument, {},
                     QStringLiteral("The picture path '%1' %2.").arg(path, why));
    };
    if (path.isEmpty())
        return refuse(QStringLiteral("is empty"));
    if (path.contains(QChar(0)))
        return refuse(QStringLiteral("contains a NUL character"));
    if (path.startsWith(QLatin1Char('/')) || QDir::isAbsolutePath(path))
        return refuse(QStringLiteral("is absolute; paths are relative to the album folder"));
    const QString clean = QDir::cleanPath(path);
    if (clean == QLatin1String("..") || clean.startsWith(QLatin1String("../")))
        return refuse(QStringLiteral("leads out of the album folder"));
    if (clean == QLatin1String(".") )
        return refuse(QStringLiteral("names the album folder itself"));
    if (clean == QLatin1String(".quire") || clean.startsWith(QLatin1String(".quire/")))
        return refuse(QStringLiteral("is inside the album's own .quire folder"));
    return clean;
}

Result<void> Pictures::add(Picture &picture)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    if (auto r = insertOne(m_session, picture, QDateTime::currentMSecsSinceEpoch()); !r)
        return r;
    return transaction->commit();
}

Result<void> Pictures::add(QList<Picture> &pictures)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (Picture &picture : pictures) {
        if (auto r = insertOne(m_session, picture, now); !r)
            return r;
    }
    return transaction->commit();
}

Result<void> Pictures::update(const Picture &picture)
{
    if (auto r = checkValues(m_session, picture); !r)
        return r;
    Result<QString> path = normalisedPath(picture.path);
    if (!path)
        return path.error().withAlbum(m_session.tenant().folder());
    Picture p = picture;
    p.path = *path;
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Connection &db = m_session.connection();
    if (auto r = detail::noteSidecarEdits(m_session, {p.id}); !r)
        return r;
    static const QByteArray sql = [] {
        QByteArray sets = "uuid = ifnull(?1, uuid)";
        const QList<QByteArray> columns = QByteArray(WrittenColumns).split(',');
        for (int i = 0; i < columns.size(); ++i)
            sets += ", " + columns[i].trimmed() + " = ?" + QByteArray::number(i + 2);
        return "UPDATE pictures SET " + sets + " WHERE id = ?" + QByteArray::number(LastWrittenParameter + 1);
    }();
    Result<Statement> update = db.cached(sql);
    if (!update)
        return update.error();
    if (p.uuid.isNull())
        update->bindNull(1);
    else
        update->bindText(1, p.uuid.toByteArray(QUuid::WithoutBraces));
    bindColumns(*update, p);
    update->bind(LastWrittenParameter + 1, p.id);
    if (auto r = update->run(); !r)
        return describeConstraint(m_session, r.error(), p);
    if (db.changes() == 0)
        return m_session.error(ErrorCode::NotFound,
                               QStringLiteral("No picture with id %1 is in the album.").arg(p.id));
    return transaction->commit();
}

Result<void> Pictures::remove(const QList<qint64> &ids)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Result<Statement> remove = m_session.connection().cached("DELETE FROM pictures WHERE id = ?1");
    if (!remove)
        return remove.error();
    for (qint64 id : ids) {
        remove->bind(1, id);
        if (auto r = remove->run(); !r)
            return r;
    }
    return transaction->commit();
}

namespace {

// Sets one column of the pictures with these ids, in one transaction; a
// missing id is NotFound and nothing is written.
Result<void> setColumn(Session &session, const QList<qint64> &ids, const char *column,
                       const std::function<void(Statement &, int)> &bindValue)
{
    Result<Transaction> transaction = detail::beginWrite(session);
    if (!transaction)
        return transaction.error();
    Connection &db = session.connection();
    if (auto r = detail::noteSidecarEdits(session, ids); !r)
        return r;
    Result<Statement> set = db.cached(QByteArray("UPDATE pictures SET ") + column + " = ?1 WHERE id = ?2");
    if (!set)
        return set.error();
    for (qint64 id : ids) {
        bindValue(*set, 1);
        set->bind(2, id);
        if (auto r = set->run(); !r)
            return r;
        if (db.changes() == 0)
            return session.error(ErrorCode::NotFound, QStringLiteral("No picture with id %1 is in the album.").arg(id));
    }
    return transaction->commit();
}

} // namespace

Result<void> Pictures::setTitle(qint64 id, const QString &title)
{
    return setColumn(m_session, {id}, "title", [&](Statement &s, int i) { s.bind(i, orNull(title)); });
}

Result<void> Pictures::setDescription(qint64 id, const QString &description)
{
    return setColumn(m_session, {id}, "description", [&](Statement &s, int i) { s.bind(i, orNull(description)); });
}

Result<void> Pictures::setRating(const QList<qint64> &ids, int rating)
{
    if (rating < 0 || rating > 5)
        return m_session.error(ErrorCode::InvalidArgument, QStringLiteral("A rating runs from 0 to 5, not %1.").arg(rating));
    return setColumn(m_session, ids, "rating", [&](Statement &s, int i) { s.bind(i, rating); });
}

Result<void> Pictures::setColourLabel(const QList<qint64> &ids, ColourLabel label)
{
    return setColumn(m_session, ids, "label", [&](Statement &s, int i) { s.bind(i, colourLabelName(label)); });
}

Result<void> Pictures::setPick(const QList<qint64> &ids, PickState pick)
{
    return setColumn(m_session, ids, "pick", [&](Statement &s, int i) { s.bind(i, pickStateName(pick)); });
}

namespace {

Result<std::optional<Picture>> selectOne(Session &session, const QByteArray &where,
                                         const std::function<void(Statement &)> &bind)
{
    Result<Statement> select = session.connection().cached(
        QByteArray("SELECT ") + Columns + " FROM pictures WHERE " + where);
    if (!select)
        return select.error();
    bind(*select);
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Picture>();
    return std::optional<Picture>(readPicture(*select));
}

} // namespace

Result<std::optional<Picture>> Pictures::byId(qint64 id)
{
    return selectOne(m_session, "id = ?1", [&](Statement &s) { s.bind(1, id); });
}

Result<std::optional<Picture>> Pictures::byUuid(const QUuid &uuid)
{
    return selectOne(m_session, "uuid = ?1",
                     [&](Statement &s) { s.bindText(1, uuid.toByteArray(QUuid::WithoutBraces)); });
}

Result<std::optional<Picture>> Pictures::byPath(const QString &path)
{
    Result<QString> clean = normalisedPath(path);
    if (!clean)
        return clean.error().withAlbum(m_session.tenant().folder());
    return selectOne(m_session, "path = ?1", [&](Statement &s) { s.bind(1, *clean); });
}

Result<Picture> Pictures::find(const QString &uuidOrPath)
{
    const QUuid uuid = QUuid::fromString(uuidOrPath);
    Result<std::optional<Picture>> found = uuid.isNull() ? byPath(uuidOrPath) : byUuid(uuid);
    if (!found)
        return found.error();
    if (!*found)
        return m_session.error(ErrorCode::NotFound,
                               QStringLiteral("No picture '%1' is in the album.").arg(uuidOrPath));
    return **found;
}

Result<std::optional<Thumbnail>> Pictures::thumbnail(qint64 pictureId)
{
    Result<Statement> select = m_session.connection().cached(
        "SELECT width, height, format, data FROM thumbnails WHERE picture_id = ?1");
    if (!select)
        return select.error();
    select->bind(1, pictureId);
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Thumbnail>();
    return std::optional<Thumbnail>(
        Thumbnail{select->integer(0), select->integer(1), select->text(2), select->blob(3)});
}

Result<void> Pictures::setThumbnail(qint64 pictureId, const Thumbnail &thumbnail)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Result<Statement> upsert = m_session.connection().cached(
        "INSERT OR REPLACE INTO thumbnails (picture_id, width, height, format, data) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!upsert)
        return upsert.error();
    upsert->bind(1, pictureId).bind(2, thumbnail.width).bind(3, thumbnail.height).bind(4, thumbnail.format);
    upsert->bindBlob(5, thumbnail.data.isNull() ? QByteArray("") : thumbnail.data);
    if (auto r = upsert->run(); !r)
        return r.error().sqliteCode() == SQLITE_CONSTRAINT_FOREIGNKEY
            ? m_session.error(ErrorCode::NotFound, QStringLiteral("No picture with id %1 is in the album.").arg(pictureId))
            : r;
    return transaction->commit();
}

namespace {

struct Query {
    QByteArray joins; // between FROM pictures and WHERE
    QByteArray where;
    std::function<void(Statement &)> bind;
};

Query buildWhere(const PictureFilter &f)
{
    QList<QByteArray> clauses;
    // Values in the order their ? placeholders appear.
    QList<std::function<void(Statement &, int)>> values;
    auto addIds = [&](const QList<qint64> &ids) {
        for (qint64 id : ids)
            values.append([id](Statement &s, int i) { s.bind(i, id); });
    };
    QByteArray joins;
    if (!f.allTags.isEmpty()) {
        // One join per required tag: (picture_id, tag_id) is picture_tags'
        // key, so no row repeats, and SQLite starts from the rarest tag's
        // index. An IN (subquery) here would build a temporary b-tree in
        // every album searched, and a search fans out over all of them.
        // The joins come before WHERE in the SQL, so their values bind first.
        QList<qint64> all = f.allTags;
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        for (qsizetype n = 0; n < all.size(); ++n) {
            const QByteArray alias = "required_tag" + QByteArray::number(n);
            joins += " JOIN picture_tags " + alias + " ON " + alias + ".picture_id = pictures.id AND "
                + alias + ".tag_id = ?";
        }
        addIds(all);
    }
    if (!f.anyTags.isEmpty()) {
        clauses.append("id IN (SELECT picture_id FROM picture_tags WHERE tag_id IN ("
                       + placeholders(f.anyTags.size()) + "))");
        addIds(f.anyTags);
    }
    if (f.takenFrom.isValid()) {
        clauses.append("taken_at >= ?");
        const qint64 ms = toMs(f.takenFrom);
        values.append([ms](Statement &s, int i) { s.bind(i, ms); });
    }
    if (f.takenTo.isValid()) {
        clauses.append("taken_at < ?");
        const qint64 ms = toMs(f.takenTo);
        values.append([ms](Statement &s, int i) { s.bind(i, ms); });
    }
    if (f.minRating) {
        clauses.append("rating >= ?");
        values.append([v = *f.minRating](Statement &s, int i) { s.bind(i, v); });
    }
    if (f.exactRating) {
        clauses.append("rating = ?");
        values.append([v = *f.exactRating](Statement &s, int i) { s.bind(i, v); });
    }
    if (!f.pathPrefix.isEmpty()) {
        // substr() rather than LIKE: no wildcard in a folder name can widen it.
        clauses.append("substr(path, 1, length(?)) = ?");
        const QString prefix = f.pathPrefix;
        values.append([prefix](Statement &s, int i) { s.bind(i, prefix); });
        values.append([prefix](Statement &s, int i) { s.bind(i, prefix); });
    }
    if (!f.pathContains.isEmpty()) {
        clauses.append("instr(lower(path), lower(?)) > 0");
        const QString text = f.pathContains;
        values.append([text](Statement &s, int i) { s.bind(i, text); });
    }
    QStringList texts = f.textContainsAll;
    if (!f.textContains.isEmpty())
        texts.prepend(f.textContains);
    for (const QString &text : texts) {
        if (text.isEmpty())
            continue;
        clauses.append("(instr(lower(path), lower(?)) > 0 OR instr(lower(ifnull(camera_make, '')), lower(?)) > 0"
                       " OR instr(lower(ifnull(camera_model, '')), lower(?)) > 0)");
        for (int n = 0; n < 3; ++n)
            values.append([text](Statement &s, int i) { s.bind(i, text); });
    }
    for (const PictureFilter::Word &word : f.words) {
        if (word.text.isEmpty())
            continue;
        QByteArray clause = "(instr(lower(path), lower(?)) > 0 OR instr(lower(ifnull(camera_make, '')), lower(?)) > 0"
                            " OR instr(lower(ifnull(camera_model, '')), lower(?)) > 0"
                            " OR instr(lower(ifnull(lens, '')), lower(?)) > 0"
                            " OR instr(lower(ifnull(title, '')), lower(?)) > 0"
                            " OR instr(lower(ifnull(description, '')), lower(?)) > 0";
        if (!word.tagIds.isEmpty()) {
            // Tag ids are the album's own integers, written in as numbers.
            QByteArrayList ids;
            for (qint64 id : word.tagIds)
                ids.append(QByteArray::number(id));
            clause += " OR id IN (SELECT picture_id FROM picture_tags WHERE tag_id IN (" + ids.join(',') + "))";
        }
        clauses.append(clause + ")");
        for (int n = 0; n < 6; ++n)
            values.append([text = word.text](Statement &s, int i) { s.bind(i, text); });
    }
    if (f.state) {
        clauses.append("state = ?");
        values.append([v = int(*f.state)](Statement &s, int i) { s.bind(i, v); });
    }
    if (f.kind) {
        clauses.append("kind = ?");
        values.append([v = kindName(*f.kind)](Statement &s, int i) { s.bind(i, v); });
    }
    if (f.colourLabel) {
        clauses.append("label = ?");
        values.append([v = colourLabelName(*f.colourLabel)](Statement &s, int i) { s.bind(i, v); });
    }
    if (f.pick) {
        clauses.append("pick = ?");
        values.append([v = pickStateName(*f.pick)](Statement &s, int i) { s.bind(i, v); });
    }
    Query q;
    q.joins = joins;
    q.where = clauses.isEmpty() ? QByteArray("1") : clauses.join(" AND ");
    q.bind = [values](Statement &s) {
        for (int i = 0; i < values.size(); ++i)
            values[i](s, i + 1);
    };
    return q;
}

QByteArray orderBy(PictureFilter::Order order)
{
    switch (order) {
    case PictureFilter::Order::Path: return " ORDER BY path";
    case PictureFilter::Order::TakenAscending: return " ORDER BY taken_at IS NULL, taken_at, path";
    case PictureFilter::Order::TakenDescending: return " ORDER BY taken_at IS NULL, taken_at DESC, path";
    case PictureFilter::Order::Id: return " ORDER BY id";
    case PictureFilter::Order::RatingDescending: return " ORDER BY rating DESC, path";
    }
    return {};
}

} // namespace

Result<QList<Picture>> Pictures::query(const PictureFilter &filter)
{
    const Query q = buildWhere(filter);
    QByteArray sql = QByteArray("SELECT ") + Columns + " FROM pictures" + q.joins + " WHERE " + q.where
        + orderBy(filter.order);
    if (filter.limit >= 0 || filter.offset > 0)
        sql += " LIMIT " + QByteArray::number(filter.limit) + " OFFSET " + QByteArray::number(filter.offset);
    Result<Statement> select = m_session.connection().cached(sql);
    if (!select)
        return select.error();
    q.bind(*select);
    QList<Picture> pictures;
    for (;;) {
        Result<bool> row = select->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        pictures.append(readPicture(*select));
    }
    if (filter.withTags) {
        Result<Statement> tags = m_session.connection().cached(
            "SELECT tag_id FROM picture_tags WHERE picture_id = ?1 ORDER BY tag_id");
        if (!tags)
            return tags.error();
        for (Picture &p : pictures) {
            tags->bind(1, p.id);
            for (;;) {
                Result<bool> row = tags->step();
                if (!row)
                    return row.error();
                if (!*row)
                    break;
                p.tagIds.append(tags->int64(0));
            }
            tags->reset();
        }
    }
    return pictures;
}

Result<qint64> Pictures::count(const PictureFilter &filter)
{
    const Query q = buildWhere(filter);
    // Cached: a filter's shape repeats (the same SQL for the same fields set).
    Result<Statement> select = m_session.connection().cached("SELECT count(*) FROM pictures" + q.joins + " WHERE " + q.where);
    if (!select)
        return select.error();
    q.bind(*select);
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    return select->int64(0);
}

} // namespace quire

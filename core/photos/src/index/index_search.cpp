#include "index/index_search.h"

#include "index/album_rows.h"
#include "index/index_words.h"

#include <QVariantList>

#include <algorithm>

namespace quire::detail {

namespace {

// A tag path as Tags::byPath reads it: '/'-separated, parts trimmed,
// empty parts skipped. Empty when it names no tag.
QString normalTagPath(const QString &path)
{
    QStringList parts;
    for (const QString &part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (const QString trimmed = part.trimmed(); !trimmed.isEmpty())
            parts.append(trimmed);
    }
    return parts.join(QLatin1Char('/'));
}

QByteArray placeholders(qsizetype n)
{
    QByteArray out;
    for (qsizetype i = 0; i < n; ++i)
        out += i ? ", ?" : "?";
    return out;
}

QByteArray orderBy(SearchQuery::Sort sort)
{
    // Ties as hitBefore breaks them: album UUID (stored lower-case hex, which
    // sorts as QUuid compares) and the path in SQLite's BINARY order.
    switch (sort) {
    case SearchQuery::Sort::TakenNewestFirst:
        return " ORDER BY p.taken_at IS NULL, p.taken_at DESC, p.album_uuid, p.path";
    case SearchQuery::Sort::TakenOldestFirst:
        return " ORDER BY p.taken_at IS NULL, p.taken_at, p.album_uuid, p.path";
    case SearchQuery::Sort::Path:
        return " ORDER BY p.path, p.album_uuid";
    }
    return {};
}

SearchHit readHit(const Statement &s)
{
    SearchHit hit;
    hit.albumUuid = QUuid::fromString(s.text(0));
    hit.albumFolder = s.text(1);
    hit.albumName = s.text(2);
    Picture &p = hit.picture;
    p.id = s.int64(3);
    p.uuid = QUuid::fromString(s.text(4));
    p.path = s.text(5);
    if (!s.isNull(6))
        p.takenAt = QDateTime::fromMSecsSinceEpoch(s.int64(6), Qt::UTC);
    p.rating = s.integer(7);
    p.state = s.integer(8) == 1 ? PictureState::Missing : PictureState::Present;
    p.cameraMake = s.text(9);
    p.cameraModel = s.text(10);
    p.lens = s.text(11);
    p.colourLabel = colourLabelNamed(s.text(12)).value_or(ColourLabel::None);
    p.pick = pickStateNamed(s.text(13)).value_or(PickState::None);
    return hit;
}

} // namespace

Result<QList<SearchHit>> searchIndex(Connection &index, const SearchQuery &query, const QList<QUuid> &albums)
{
    QList<QByteArray> clauses;
    QVariantList values;
    if (const QString match = ftsMatchAll(query.words); !match.isEmpty()) {
        clauses.append("p.id IN (SELECT rowid FROM picture_words WHERE picture_words MATCH ?)");
        values.append(match);
    }
    if (!albums.isEmpty()) {
        clauses.append("p.album_uuid IN (" + placeholders(albums.size()) + ")");
        for (const QUuid &uuid : albums)
            values.append(uuidText(uuid));
    }
    QStringList all;
    for (const QString &path : query.allTags)
        all.append(normalTagPath(path));
    all.removeDuplicates();
    if (all.contains(QString()))
        return QList<SearchHit>(); // a tag no album has: nothing carries it
    for (const QString &path : all) {
        clauses.append("EXISTS (SELECT 1 FROM picture_tags t WHERE t.tag_path = ? AND t.picture = p.id)");
        values.append(path);
    }
    if (!query.anyTags.isEmpty()) {
        QStringList any;
        for (const QString &path : query.anyTags) {
            if (const QString normal = normalTagPath(path); !normal.isEmpty())
                any.append(normal);
        }
        if (any.isEmpty())
            return QList<SearchHit>();
        clauses.append("EXISTS (SELECT 1 FROM picture_tags t WHERE t.tag_path IN (" + placeholders(any.size())
                       + ") AND t.picture = p.id)");
        for (const QString &path : any)
            values.append(path);
    }
    if (query.takenFrom.isValid()) {
        clauses.append("p.taken_at >= ?");
        values.append(query.takenFrom.toMSecsSinceEpoch());
    }
    if (query.takenTo.isValid()) {
        clauses.append("p.taken_at < ?");
        values.append(query.takenTo.toMSecsSinceEpoch());
    }
    if (query.minRating) {
        clauses.append("p.rating >= ?");
        values.append(*query.minRating);
    }
    if (query.colourLabel) {
        clauses.append("p.label = ?");
        values.append(colourLabelName(*query.colourLabel));
    }
    if (query.pick) {
        clauses.append("p.pick = ?");
        values.append(pickStateName(*query.pick));
    }
    // The fan-out's text rule, kept exactly: lower() folds ASCII only.
    if (!query.text.isEmpty()) {
        clauses.append("(instr(lower(p.path), lower(?)) > 0 OR instr(lower(ifnull(p.camera_make, '')), lower(?)) > 0"
                       " OR instr(lower(ifnull(p.camera_model, '')), lower(?)) > 0)");
        for (int n = 0; n < 3; ++n)
            values.append(query.text);
    }
    QByteArray sql = "SELECT p.album_uuid, a.folder, a.name, p.picture_id, p.uuid, p.path, p.taken_at, p.rating,"
                     " p.state, p.camera_make, p.camera_model, p.lens, p.label, p.pick"
                     " FROM pictures p JOIN albums a ON a.uuid = p.album_uuid WHERE "
        + (clauses.isEmpty() ? QByteArray("1") : clauses.join(" AND ")) + orderBy(query.sort);
    if (query.limit >= 0)
        sql += " LIMIT " + QByteArray::number(query.limit);
    // A kept index answers keystroke after keystroke with the same few
    // shapes of SQL (the values are bound): those are prepared once. A list
    // of albums makes shapes without end; those are prepared each time.
    Result<Statement> select = albums.isEmpty() ? index.cached(sql) : index.prepare(sql);
    if (!select)
        return select.error();
    select->bindAll(values);
    QList<SearchHit> hits;
    if (auto r = select->each([&](const Statement &s) { hits.append(readHit(s)); }); !r)
        return r.error();
    return hits;
}

} // namespace quire::detail

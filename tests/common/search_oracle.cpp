#include "search_oracle.h"

#include <quire/pictures.h>
#include <quire/registry.h>
#include <quire/session.h>
#include <quire/tags.h>

#include <QHash>
#include <QSet>

#include <algorithm>

namespace quire::test {

namespace {

bool wordMatches(const QStringList &text, const QString &word)
{
    const QStringList want = searchTokens(word);
    if (want.isEmpty())
        return true;
    for (qsizetype i = 0; i + want.size() <= text.size(); ++i) {
        bool all = true;
        for (qsizetype j = 0; j < want.size() && all; ++j) {
            const QString &have = text.at(i + j);
            all = j + 1 == want.size() ? have.startsWith(want.at(j)) : have == want.at(j);
        }
        if (all)
            return true;
    }
    return false;
}

bool selects(const SearchQuery &q, const Picture &p, const QStringList &tags, const QString &albumName)
{
    if (!std::all_of(q.allTags.cbegin(), q.allTags.cend(), [&](const QString &t) { return tags.contains(t); }))
        return false;
    if (!q.anyTags.isEmpty()
        && std::none_of(q.anyTags.cbegin(), q.anyTags.cend(), [&](const QString &t) { return tags.contains(t); }))
        return false;
    if (q.takenFrom.isValid() && (!p.takenAt.isValid() || p.takenAt < q.takenFrom))
        return false;
    if (q.takenTo.isValid() && (!p.takenAt.isValid() || p.takenAt >= q.takenTo))
        return false;
    if (q.minRating && p.rating < *q.minRating)
        return false;
    if (q.colourLabel && p.colourLabel != *q.colourLabel)
        return false;
    if (q.pick && p.pick != *q.pick)
        return false;
    if (!q.text.isEmpty() && !p.path.contains(q.text, Qt::CaseInsensitive)
        && !p.cameraMake.contains(q.text, Qt::CaseInsensitive) && !p.cameraModel.contains(q.text, Qt::CaseInsensitive))
        return false;
    if (q.words.isEmpty())
        return true;
    const QStringList text =
        searchTokens(QStringList{p.path, albumName, p.cameraMake, p.cameraModel, p.lens, p.title, p.description,
                                 tags.join(u'\n')}.join(u'\n'));
    return std::all_of(q.words.cbegin(), q.words.cend(), [&](const QString &w) { return wordMatches(text, w); });
}

void sortAndLimit(QList<SearchHit> &hits, const SearchQuery &q)
{
    auto key = [&](const SearchHit &h) {
        const bool dated = h.picture.takenAt.isValid();
        const qint64 ms = dated ? h.picture.takenAt.toMSecsSinceEpoch() : 0;
        return std::make_tuple(!dated, q.sort == SearchQuery::Sort::TakenNewestFirst ? -ms : ms);
    };
    std::sort(hits.begin(), hits.end(), [&](const SearchHit &a, const SearchHit &b) {
        if (q.sort == SearchQuery::Sort::Path) {
            if (a.picture.path != b.picture.path)
                return a.picture.path < b.picture.path;
            return a.albumUuid < b.albumUuid;
        }
        if (key(a) != key(b))
            return key(a) < key(b);
        if (a.albumUuid != b.albumUuid)
            return a.albumUuid < b.albumUuid;
        return a.picture.path < b.picture.path;
    });
    if (q.limit >= 0 && hits.size() > q.limit)
        hits.resize(q.limit);
}

} // namespace

QDateTime utcDate(int y, int m, int d)
{
    return QDateTime(QDate(y, m, d), QTime(0, 0), Qt::UTC);
}

bool fillAlbum(const Album &album, QRandomGenerator &random, int count, const RandomPictures &spec)
{
    Result<Session> session = album.write();
    if (!session)
        return false;
    // Some albums lack some tags entirely.
    QList<qint64> tagIds;
    for (const QString &path : spec.tagPool) {
        if (random.bounded(spec.skipTagOneIn) == 0)
            continue;
        Result<Tag> tag = quire::Tags(*session).ensure(path);
        if (!tag)
            return false;
        tagIds.append(tag->id);
    }
    const qint64 from = utcDate(2021, 1, 1).toMSecsSinceEpoch();
    const qint64 span = utcDate(2025, 1, 1).toMSecsSinceEpoch() - from;
    QList<Picture> pictures;
    QSet<QString> paths;
    for (int i = 0; i < count; ++i) {
        Picture p;
        // Paths repeat across albums: ties between albums go by album UUID.
        p.path = QStringLiteral("%1/IMG_%2.jpg")
                     .arg(random.bounded(2) ? QStringLiteral("day") : QStringLiteral("Night"))
                     .arg(random.bounded(spec.pathNumbers), 4, 10, QLatin1Char('0'));
        if (paths.contains(p.path))
            continue;
        paths.insert(p.path);
        if (const int when = random.bounded(10); when == 1)
            p.takenAt = utcDate(2023, 6, 1); // the same moment in many albums
        else if (when != 0)
            p.takenAt = QDateTime::fromMSecsSinceEpoch(from + qint64(random.bounded(double(span))), Qt::UTC);
        p.rating = random.bounded(6);
        // From the position, not the generator: the pictures each seed
        // gives stay those the suites were written against.
        p.colourLabel = ColourLabel(pictures.size() % 6);
        p.pick = PickState(pictures.size() / 6 % 3);
        p.cameraMake = spec.makes.at(random.bounded(spec.makes.size()));
        if (!p.cameraMake.isEmpty())
            p.cameraModel = QStringLiteral("Model X%1").arg(random.bounded(5));
        if (!spec.lenses.isEmpty())
            p.lens = spec.lenses.at(random.bounded(spec.lenses.size()));
        for (qint64 id : std::as_const(tagIds)) {
            if (random.bounded(3) == 0)
                p.tagIds.append(id);
        }
        pictures.append(p);
    }
    return quire::Pictures(*session).add(pictures).ok();
}

QStringList searchTokens(const QString &text)
{
    QStringList out;
    QString current;
    for (QChar c : text.normalized(QString::NormalizationForm_D)) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        if (c.isLetterOrNumber()) {
            current += c;
        } else if (!current.isEmpty()) {
            out.append(current.toCaseFolded());
            current.clear();
        }
    }
    if (!current.isEmpty())
        out.append(current.toCaseFolded());
    return out;
}

QList<SearchHit> bruteForceSearch(const QList<Album> &albums, const SearchQuery &query, Registry *registry)
{
    QList<SearchHit> hits;
    for (const Album &known : albums) {
        Album album = known;
        if (registry) {
            album = registry->find(known.uuid());
            if (album.isNull()) {
                Result<Tenant> opened = registry->open(known.folder());
                if (!opened)
                    return {};
                album = *opened;
            }
        }
        Result<Session> session = album.read();
        if (!session)
            return {};
        QHash<qint64, QString> tagPath;
        const Result<QList<Tag>> allTags = quire::Tags(*session).all();
        if (!allTags)
            return {};
        for (const Tag &t : *allTags)
            tagPath.insert(t.id, t.path);
        // From meta: the sqlite3 shell may have renamed the album.
        const Result<Rows> name = session->query("SELECT value FROM meta WHERE key = 'name'");
        if (!name || name->isEmpty())
            return {};
        const QString albumName = name->values.first().first().toString();
        PictureFilter all;
        all.withTags = true;
        const Result<QList<Picture>> pictures = quire::Pictures(*session).query(all);
        if (!pictures)
            return {};
        for (const Picture &p : *pictures) {
            QStringList tags;
            for (qint64 id : p.tagIds)
                tags.append(tagPath.value(id));
            tags.sort();
            if (!selects(query, p, tags, albumName))
                continue;
            Picture plain = p;
            plain.tagIds.clear();
            hits.append({album.uuid(), album.folder(), albumName, plain});
        }
    }
    sortAndLimit(hits, query);
    return hits;
}

QStringList describeHits(const QList<SearchHit> &hits)
{
    QStringList lines;
    for (const SearchHit &h : hits)
        lines.append(h.albumUuid.toString(QUuid::WithoutBraces) + QLatin1Char(' ') + h.picture.path + QLatin1Char(' ')
                     + h.picture.takenAt.toString(Qt::ISODateWithMs));
    return lines;
}

} // namespace quire::test

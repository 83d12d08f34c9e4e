#pragma once
// What the search suites compare Quire's answers with: albums filled with
// random pictures through the API, and a brute force that reads every
// picture of every album and filters and sorts them in the test itself.

#include <quire/album.h>
#include <quire/search.h>

#include <QDateTime>
#include <QList>
#include <QRandomGenerator>
#include <QStringList>

namespace quire {
class Registry;
}

namespace quire::test {

struct RandomPictures {
    QStringList tagPool;      // each album makes most of them (not one in skipTagOneIn)
    QStringList makes;        // camera makes; an empty one leaves make and model unset
    QStringList lenses;       // empty: no lens, and no random number drawn for it
    int skipTagOneIn = 4;
    int pathNumbers = 60;     // paths day|Night/IMG_NNNN.jpg with NNNN below this
};

QDateTime utcDate(int y, int m, int d);

// Up to `count` random pictures (repeated paths are skipped) with tags,
// dates over 2021-2024 (some undated, some at one shared moment), ratings
// and cameras. The seed of `random` fixes everything.
bool fillAlbum(const Album &album, QRandomGenerator &random, int count, const RandomPictures &spec);

// The oracle's own tokenizer, written from FTS5's documentation rather
// than from Quire's code: runs of letters and digits, case-folded, with
// diacritics removed.
QStringList searchTokens(const QString &text);

// Every picture of these albums that the query selects, sorted and limited
// as the query asks: tags, dates, rating, text (a substring of path or
// camera) and words (each word's tokens in a row in the picture's path,
// album name, camera, lens and tag paths, the last one as a prefix). With
// a registry, albums are found (or opened again) through it, since they
// may have been closed since. Empty when an album cannot be read.
QList<SearchHit> bruteForceSearch(const QList<Album> &albums, const SearchQuery &query,
                                  Registry *registry = nullptr);

// One line a hit: album, path and date, for comparing answers.
QStringList describeHits(const QList<SearchHit> &hits);

} // namespace quire::test

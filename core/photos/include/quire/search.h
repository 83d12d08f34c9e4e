#pragma once
// Search across albums: one query fanned out over many albums in parallel,
// each album in its own read session, the answers merged by the sort key
// under one global limit. And locate(): which albums hold a picture UUID.
//
// A damaged or missing album never hides the others' results and is never
// skipped in silence: it is listed in the result's failedAlbums with its
// Error (whose album() is the album's folder).
//
// Thread safety: a Search is made, started, cancelled and destroyed on one
// thread (usually the UI thread); its signals are emitted on the pool's
// threads, so connections to objects of other threads are queued. A slot
// connected with Qt::DirectConnection may call cancel() and result(), not
// wait(). Destroying a Search cancels it and waits for its albums.

#include "quire/error.h"
#include "quire/picture.h"
#include "quire/picture_labels.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <memory>
#include <optional>

class QThreadPool;

namespace quire {

class Registry;

struct SearchQuery {
    enum class Sort {
        TakenNewestFirst, // pictures without a date last
        TakenOldestFirst, // pictures without a date last
        Path,
    };

    // Tag paths ("Places/Beach"), resolved in each album (each has its own
    // tag ids). A picture must carry every one of allTags (an album lacking
    // one contributes nothing) and at least one of anyTags. A tag matches
    // itself only, not the tags under it.
    QStringList allTags;
    QStringList anyTags;
    QDateTime takenFrom;          // taken_at >= takenFrom (inclusive), UTC
    QDateTime takenTo;            // taken_at <  takenTo (exclusive), UTC
    std::optional<int> minRating;
    // Only pictures with this colour label / pick state (None included:
    // "no label", "neither picked nor rejected").
    std::optional<ColourLabel> colourLabel;
    std::optional<PickState> pick;
    // In the picture's path, camera make or camera model; case-insensitive
    // for ASCII.
    QString text;
    // Words a picture must all match. From the workspace index (when the
    // workspace has one, see quire/workspace_index.h): each word is the
    // start of a word of the picture's tags at any level, album name, path,
    // camera, lens, title or description, case- and accent-insensitive.
    // Without an index (the fan-out): each word is a substring of the path,
    // camera make, model, lens, title or description, of a tag's name at
    // any level, or of the album's name, case-
    // insensitive for ASCII. A word with no letter or digit matches
    // everything.
    QStringList words;
    Sort sort = Sort::TakenNewestFirst;
    int limit = 100;              // across all albums; -1: no limit
    // The albums to search (UUIDs known to the registry's catalog); empty:
    // every album in the catalog.
    QList<QUuid> albums;
};

struct SearchHit {
    QUuid albumUuid;
    QString albumFolder;
    QString albumName;
    Picture picture;
};

struct SearchResult {
    // Merged by the sort key; ties go by album UUID, then picture path.
    QList<SearchHit> hits;
    // Albums that could not be searched, each Error naming its folder.
    QList<Error> failedAlbums;
    int albumsTotal = 0;
    int albumsDone = 0;           // searched, or failed
    bool cancelled = false;       // cancel() came before every album was done
    bool finished = false;        // every album is done or was cancelled
    // Answered from the workspace index (brought up to date first) rather
    // than by searching every album.
    bool fromIndex = false;
    // What happened to the index on the way, for the user: that it was
    // rebuilt and why, or why the albums were searched instead.
    QString indexNote;
};

class QUIRE_CORE_EXPORT Search : public QObject
{
    Q_OBJECT
public:
    // The registry must outlive the search.
    Search(Registry &registry, SearchQuery query, QObject *parent = nullptr);
    ~Search() override;

    // Starts the search on pool (nullptr: QThreadPool::globalInstance()) and
    // returns at once. A Search runs once.
    void start(QThreadPool *pool = nullptr);
    // Albums not yet started are not searched; running ones stop early. The
    // result says cancelled. Returns at once; finished() still comes.
    void cancel();
    // Blocks until every album is done or cancelled; false if not started.
    bool wait();
    bool isFinished() const;

    const SearchQuery &query() const;
    // The result so far: the merged hits of the albums done.
    SearchResult result() const;
    // Gets the final result (one result, added when the search finishes);
    // its progress value is the number of albums done.
    QFuture<SearchResult> future() const;

Q_SIGNALS:
    void progress(int albumsDone, int albumsTotal);
    // The current merged top hits, after each album that added some.
    void partialResults(const QList<quire::SearchHit> &hits);
    void finished(const quire::SearchResult &result);

private:
    struct State;
    std::shared_ptr<State> d;
};

// Runs a search and waits for it: for tools and scripts. Fails only when
// the registry's catalog cannot be read; a failed album is reported in
// the result's failedAlbums.
QUIRE_CORE_EXPORT Result<SearchResult> searchNow(Registry &registry, const SearchQuery &query,
                                                 QThreadPool *pool = nullptr);

struct PictureLocation {
    QUuid albumUuid;
    QString albumFolder;
    QString albumName;
    Picture picture;
};

struct LocateResult {
    // Every album holding the picture (usually one; copies give more),
    // ordered by album UUID.
    QList<PictureLocation> locations;
    QList<Error> failedAlbums; // albums that could not be searched
    int albumsTotal = 0;
};

// Every album of the registry's catalog that holds the picture with this
// UUID, searched in parallel on pool (nullptr: the global pool).
QUIRE_CORE_EXPORT Result<LocateResult> locate(Registry &registry, const QUuid &pictureUuid,
                                              QThreadPool *pool = nullptr);

} // namespace quire

Q_DECLARE_METATYPE(quire::SearchHit)
Q_DECLARE_METATYPE(quire::SearchResult)

#include "quire/search.h"

#include "across/search_album.h"
#include "across/search_merge.h"
#include "across/search_targets.h"
#include "index/kept_index.h"

#include "quire/registry.h"
#include "quire/session.h"
#include "quire/workspace_index.h"

#include <QMutex>
#include <QPromise>
#include <QSet>
#include <QThreadPool>
#include <QWaitCondition>

#include <mutex>

namespace quire {

struct Search::State {
    State(Search *search, Registry &registry, SearchQuery query)
        : q(search), registry(registry), query(std::move(query)) {}

    Search *q;                 // valid until ~Search has waited for the tasks
    Registry &registry;
    const SearchQuery query;
    QThreadPool *pool = nullptr;
    std::atomic_bool cancelled{false};

    // Held while one album's answer is merged and its signals emitted, so
    // that signals come in the order of the changes they report.
    QMutex emitMutex;
    mutable QMutex mutex;      // guards what follows
    QWaitCondition over;
    SearchResult result;
    int remaining = 0;         // album tasks not yet ended
    bool started = false;
    bool tasksOver = false;    // finished() was emitted: nothing touches q any more
    QPromise<SearchResult> promise;

    void plan();
    // Answers from the workspace index, brought up to date first. False
    // (with the reason in result.indexNote) when the albums must be searched.
    bool answerFromIndex();
    void searchOne(const detail::AlbumTarget &target);
    // The query with its date range narrowed by the hits merged so far.
    SearchQuery narrowed() const;
    // Records one album's outcome: hits, an error, or a cancellation.
    void albumEnded(const Result<QList<SearchHit>> &hits);
    void finish();
};

namespace {

Result<QList<SearchHit>> searchTarget(Registry &registry, const detail::AlbumTarget &target,
                                      const SearchQuery &query, const std::atomic_bool &cancelled)
{
    Result<Album> album = detail::openTarget(registry, target);
    if (!album)
        return album.error();
    Result<Session> session = album->session(Access::Read, QStringLiteral("search"));
    if (!session)
        return session.error().album().isEmpty() ? session.error().withAlbum(target.folder)
                                                 : session.error();
    Result<QList<Picture>> pictures = detail::searchAlbum(*session, query, cancelled);
    if (!pictures)
        return pictures.error();
    QList<SearchHit> hits;
    hits.reserve(pictures->size());
    const QString folder = album->folder();
    const QString name = album->name();
    for (Picture &picture : *pictures)
        hits.append({target.uuid, folder, name, std::move(picture)});
    return hits;
}

} // namespace

namespace {

struct IndexAnswer {
    Result<IndexRefresh> refreshed = IndexRefresh{};
    Result<SearchResult> answer = SearchResult{};
    QString rebuiltBecause;
    bool refreshRunning = false; // refreshSearchIndex() had it: not asked
};

// The registry's kept index brought up to date, then asked. Opened
// quickly the first time, as every keystroke may search; when reading it
// finds damage, made again and opened thoroughly, which rebuilds it.
IndexAnswer askIndex(Registry &registry, const SearchQuery &query, const std::atomic_bool &cancelled)
{
    IndexAnswer out;
    std::shared_ptr<detail::KeptIndex> kept = detail::keptIndexOf(registry);
    // Another search ends in moments and is waited for; a refresh of the
    // whole workspace (a first build) may take minutes, so the albums are
    // searched instead.
    while (!kept->mutex.tryLock(20)) {
        if (kept->refreshing || cancelled) {
            out.refreshRunning = kept->refreshing;
            out.answer = Error(ErrorCode::Cancelled, {}, QStringLiteral("The search was cancelled."));
            return out;
        }
    }
    const std::unique_lock<QMutex> lock(kept->mutex, std::adopt_lock);
    for (const WorkspaceIndex::Check check : {WorkspaceIndex::Check::Quick, WorkspaceIndex::Check::Thorough}) {
        if (!kept->index || check == WorkspaceIndex::Check::Thorough) {
            kept->index = std::make_unique<WorkspaceIndex>(registry);
            kept->rebuildsReported = 0;
        }
        WorkspaceIndex &index = *kept->index;
        // Each rebuild is told once, whether the open or the refresh's own
        // checks made the index anew (or a refreshSearchIndex() told it).
        auto reportRebuild = [&] {
            if (const QString reason = kept->newRebuildReason(); !reason.isEmpty())
                out.rebuiltBecause = reason;
        };
        Result<void> opened = index.open(check);
        reportRebuild();
        out.refreshed = opened ? index.refresh({}, &cancelled) : Result<IndexRefresh>(opened.error());
        reportRebuild();
        out.answer = !out.refreshed ? Result<SearchResult>(out.refreshed.error())
            : out.refreshed->cancelled
            ? Result<SearchResult>(Error(ErrorCode::Cancelled, {}, QStringLiteral("The search was cancelled.")))
            : index.search(query);
        if (out.answer || (out.answer.error().code() != ErrorCode::Damaged && out.answer.error().code() != ErrorCode::NotSqlite))
            break;
    }
    if (!out.answer && out.answer.error().code() != ErrorCode::Cancelled)
        kept->index.reset(); // the next search starts from an open again
    return out;
}

} // namespace

bool Search::State::answerFromIndex()
{
    IndexAnswer asked = askIndex(registry, query, cancelled);
    const Result<IndexRefresh> &refreshed = asked.refreshed;
    const Result<SearchResult> &answer = asked.answer;
    if (asked.refreshRunning) {
        QMutexLocker lock(&mutex);
        result.indexNote = QStringLiteral("The workspace index is being brought up to date; every album was searched.");
        return false;
    }
    if (!answer) {
        if (answer.error().code() != ErrorCode::Cancelled) {
            QMutexLocker lock(&mutex);
            result.indexNote = QStringLiteral("The workspace index could not be used (%1); every album was searched.")
                                   .arg(answer.error().message());
            return false;
        }
        // Cancelled while the index was brought up to date: nothing to show.
        QMutexLocker lock(&mutex);
        result.cancelled = true;
        return true;
    }
    // Albums that could not be read again keep their indexed rows; they
    // are named as the fan-out names albums it cannot search. Only those
    // the query asked about.
    QSet<QString> searched;
    for (const SearchHit &hit : answer->hits)
        searched.insert(hit.albumFolder);
    QList<Error> failed = answer->failedAlbums;
    if (query.albums.isEmpty()) {
        failed.append(refreshed->failedAlbums); // every album was asked about
    } else {
        if (Result<detail::AlbumTargets> targets = detail::albumTargets(registry, query.albums)) {
            for (const detail::AlbumTarget &target : targets->albums)
                searched.insert(target.folder);
        }
        for (const Error &error : refreshed->failedAlbums) {
            if (searched.contains(error.album()))
                failed.append(error);
        }
    }
    {
        QMutexLocker emitting(&emitMutex);
        SearchResult now;
        {
            QMutexLocker lock(&mutex);
            result.hits = answer->hits;
            result.failedAlbums = failed;
            result.albumsTotal = answer->albumsTotal;
            result.albumsDone = answer->albumsDone;
            result.fromIndex = true;
            result.indexNote = asked.rebuiltBecause;
            promise.setProgressRange(0, result.albumsTotal);
            promise.setProgressValue(result.albumsDone);
            now = result;
        }
        Q_EMIT q->progress(now.albumsDone, now.albumsTotal);
        if (!now.hits.isEmpty())
            Q_EMIT q->partialResults(now.hits);
    }
    return true;
}

void Search::State::plan()
{
    if (WorkspaceIndex::existsFor(registry) && answerFromIndex()) {
        finish();
        return;
    }
    Result<detail::AlbumTargets> targets = detail::albumTargets(registry, query.albums);
    {
        QMutexLocker emitting(&emitMutex);
        {
            QMutexLocker lock(&mutex);
            if (!targets) {
                result.failedAlbums.append(targets.error());
            } else {
                result.albumsTotal = int(targets->albums.size() + targets->unknown.size());
                result.albumsDone = int(targets->unknown.size());
                result.failedAlbums = targets->unknown;
                remaining = int(targets->albums.size());
            }
            promise.setProgressRange(0, result.albumsTotal);
            promise.setProgressValue(result.albumsDone);
        }
        Q_EMIT q->progress(result.albumsDone, result.albumsTotal);
    }
    if (!targets || targets->albums.isEmpty()) {
        finish();
        return;
    }
    for (const detail::AlbumTarget &target : targets->albums) {
        std::shared_ptr<State> self = q->d;
        pool->start([self, target] { self->searchOne(target); });
    }
}

void Search::State::searchOne(const detail::AlbumTarget &target)
{
    if (cancelled.load()) {
        albumEnded(Error(ErrorCode::Cancelled, target.folder, QStringLiteral("The search was cancelled.")));
        return;
    }
    albumEnded(searchTarget(registry, target, narrowed(), cancelled));
}

SearchQuery Search::State::narrowed() const
{
    // Once `limit` hits are merged, an album can only add pictures taken no
    // later (oldest first) or no earlier (newest first) than the last of
    // them: the albums searched later read and return far fewer rows. Ties
    // stay in, as the merge breaks them by album UUID and path.
    SearchQuery q = query;
    if (q.limit < 0 || q.sort == SearchQuery::Sort::Path)
        return q;
    QDateTime bound;
    {
        QMutexLocker lock(&mutex);
        if (result.hits.size() < q.limit || q.limit == 0)
            return q;
        bound = result.hits.last().picture.takenAt;
    }
    if (!bound.isValid())
        return q; // the last one is undated: any dated picture still fits
    if (q.sort == SearchQuery::Sort::TakenNewestFirst) {
        if (!q.takenFrom.isValid() || q.takenFrom < bound)
            q.takenFrom = bound;
    } else {
        const QDateTime after = bound.addMSecs(1); // takenTo is exclusive
        if (!q.takenTo.isValid() || after < q.takenTo)
            q.takenTo = after;
    }
    return q;
}

void Search::State::albumEnded(const Result<QList<SearchHit>> &hits)
{
    bool last = false;
    {
        QMutexLocker emitting(&emitMutex);
        bool changed = false;
        SearchResult now;
        {
            QMutexLocker lock(&mutex);
            if (hits) {
                changed = detail::mergeHits(result.hits, *hits, query.sort, query.limit);
                ++result.albumsDone;
            } else if (hits.error().code() != ErrorCode::Cancelled) {
                result.failedAlbums.append(hits.error());
                ++result.albumsDone;
            }
            last = --remaining == 0;
            promise.setProgressValue(result.albumsDone);
            now = result;
        }
        Q_EMIT q->progress(now.albumsDone, now.albumsTotal);
        if (changed)
            Q_EMIT q->partialResults(now.hits);
    }
    if (last)
        finish();
}

void Search::State::finish()
{
    SearchResult final;
    {
        QMutexLocker emitting(&emitMutex);
        {
            QMutexLocker lock(&mutex);
            result.cancelled = result.cancelled || (cancelled.load() && result.albumsDone < result.albumsTotal);
            result.finished = true;
            final = result;
        }
        promise.addResult(final);
        promise.finish();
        Q_EMIT q->finished(final);
    }
    QMutexLocker lock(&mutex);
    tasksOver = true;
    over.wakeAll();
}

Search::Search(Registry &registry, SearchQuery query, QObject *parent)
    : QObject(parent), d(std::make_shared<State>(this, registry, std::move(query)))
{
}

Search::~Search()
{
    cancel();
    wait();
}

void Search::start(QThreadPool *pool)
{
    {
        QMutexLocker lock(&d->mutex);
        if (d->started)
            return;
        d->started = true;
    }
    d->pool = pool ? pool : QThreadPool::globalInstance();
    d->promise.start();
    std::shared_ptr<State> self = d;
    d->pool->start([self] { self->plan(); });
}

void Search::cancel()
{
    d->cancelled.store(true);
}

bool Search::wait()
{
    QMutexLocker lock(&d->mutex);
    if (!d->started)
        return false;
    while (!d->tasksOver)
        d->over.wait(&d->mutex);
    return true;
}

bool Search::isFinished() const
{
    QMutexLocker lock(&d->mutex);
    return d->result.finished;
}

const SearchQuery &Search::query() const
{
    return d->query;
}

SearchResult Search::result() const
{
    QMutexLocker lock(&d->mutex);
    return d->result;
}

QFuture<SearchResult> Search::future() const
{
    return d->promise.future();
}

Result<SearchResult> searchNow(Registry &registry, const SearchQuery &query, QThreadPool *pool)
{
    if (Result<QList<CatalogEntry>> catalog = registry.catalog(); !catalog)
        return catalog.error();
    Search search(registry, query);
    search.start(pool);
    search.wait();
    return search.result();
}

} // namespace quire

#pragma once
// WorkspaceIndex: one SQLite file in the workspace (index.db, beside the
// catalog) holding what a search needs of every album's pictures, with an
// FTS5 table for words, so a search answers without opening the albums.
//
// It is a cache derived from the albums, never the truth: a missing,
// damaged, foreign (another application_id) or differently versioned file
// is rebuilt from the albums, and the reason is kept in rebuiltBecause().
// refresh() compares each album cheaply: the database file's identity
// (device, inode, size and time of the file and its -wal, by stat, never
// open) and, when that changed or this process ended a write session on
// the album since (Tenant::writeSerial), the generation counter the
// album's own triggers keep (meta 'generation'). Only an album
// whose generation or name differs is read again, through the registry's
// sessions, and in one transaction only its pictures that differ from
// their rows in the index are written again.
//
// An index may be kept between calls (the searches of a registry share
// one, see quire/search.h): each call then costs a stat() of the index file
// and a PRAGMA data_version on the open connection when nothing changed.
// A file replaced, truncated or rewritten behind its back is opened again
// (and rebuilt when it cannot be trusted); a write by another connection
// makes it read the albums table and check the file's identity again.
//
// Thread safety: a WorkspaceIndex is used by one thread at a time. Two
// WorkspaceIndex objects (in one process or two) may share the file: each
// write is one transaction.

#include "quire/error.h"
#include "quire/search.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace quire {

class Registry;

struct IndexRefresh {
    int albumsTotal = 0;
    int albumsReindexed = 0;    // read again because they changed (or were new)
    int albumsRemoved = 0;      // no longer in the catalog: their rows dropped
    // Pictures written anew: all of a new album's, only the changed ones
    // of an album read again (a tag added to one picture writes one).
    qint64 picturesWritten = 0;
    QList<Error> failedAlbums;  // could not be read; their old rows are kept
    bool cancelled = false;
};

class QUIRE_CORE_EXPORT WorkspaceIndex
{
public:
    // Called after each album with (albumsDone, albumsTotal).
    using Progress = std::function<void(int, int)>;

    // The index of the registry's workspace; the registry must outlive it.
    explicit WorkspaceIndex(Registry &registry);
    ~WorkspaceIndex();
    WorkspaceIndex(const WorkspaceIndex &) = delete;
    WorkspaceIndex &operator=(const WorkspaceIndex &) = delete;

    // Where a workspace keeps its index.
    static QString pathFor(const QString &workspaceFolder);
    // Whether the registry's workspace has an index file (a search uses it then).
    static bool existsFor(const Registry &registry);

    // Opens the file, making it anew when it is missing or cannot be
    // trusted. Fails only when no index can be made at all (the workspace
    // folder is not writable). A thorough open reads the whole file
    // (quick_check, FTS5 integrity-check); a quick one checks its identity
    // and version only, and damage shows later as a Damaged error, after
    // which a thorough open rebuilds it. refresh() and search() open
    // thoroughly when open() was not called.
    enum class Check { Quick, Thorough };
    Result<void> open(Check check = Check::Thorough);
    // Why the last open made the file anew (a sentence), or empty when it
    // trusted the file as it was.
    QString rebuiltBecause() const;
    // How many times this object made the file anew: a long-lived index
    // reports each rebuild once by comparing it with the count it last saw.
    int rebuildCount() const;

    // Brings the index up to date with the catalog's albums (see above).
    // Stops early when *cancelled becomes true; what was done is kept.
    Result<IndexRefresh> refresh(const Progress &progress = {}, const std::atomic_bool *cancelled = nullptr);
    // Forgets every row, then refresh(): every album read again.
    Result<IndexRefresh> rebuild(const Progress &progress = {}, const std::atomic_bool *cancelled = nullptr);

    // The query answered from the index as it is now (refresh first for a
    // fresh answer). Words (query.words) are matched here as word prefixes
    // in the picture's tags (every level), album name, path, camera, lens,
    // title and description, case- and accent-insensitive; every other field as the fan-out
    // matches it. A hit's Picture carries the indexed fields only: id,
    // uuid, path, taken_at, rating, state, camera make and model, lens.
    Result<SearchResult> search(const SearchQuery &query);

private:
    // open() the first time; afterwards the checks described above.
    Result<void> ensureOpen();

    struct Private;
    std::unique_ptr<Private> d;
};

// The work a program does off its GUI thread so that people's searches
// find the index ready (at start, after a scan): brings the index that the
// registry's searches share (kept open between them, quire/search.h) up to
// date, making it when missing and anew when it cannot be trusted, the way
// the next search would have. `rebuiltBecause` gets the reason when it was
// made anew, else empty; a search told of it already does not tell it
// again. A search that starts while this runs searches the albums instead
// of waiting (SearchResult::indexNote says so).
//
// Thread safety: callable from any thread; one refresh or search of the
// shared index runs at a time.
QUIRE_CORE_EXPORT Result<IndexRefresh> refreshSearchIndex(Registry &registry,
                                                          const WorkspaceIndex::Progress &progress = {},
                                                          const std::atomic_bool *cancelled = nullptr,
                                                          QString *rebuiltBecause = nullptr);

} // namespace quire

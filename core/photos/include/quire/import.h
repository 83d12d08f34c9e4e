#pragma once
// Importing photos into an album: finding image files, reading their
// metadata (EXIF, XMP), hashing them, making thumbnails, and keeping the
// album in step with its folder on later scans.
//
// importPictures() walks the album folder (or copies in a source folder's
// images first), and hands each file to worker threads that read it once
// into memory and from those bytes: hash it (SHA-1 of the whole file),
// read its metadata (exiv2) and decode a thumbnail at reduced scale
// (QImageReader::setScaledSize, EXIF orientation applied, 256 px on the
// long edge, stored in the album as JPEG). The calling thread writes the
// results in batches, one transaction each, so an import killed half-way
// keeps what it committed and the next run carries on without duplicates
// (a file already recorded with the same size and modification time is
// not read again).
//
// A file that cannot be imported (truncated, corrupt, empty, unreadable,
// a name that is not UTF-8, ...) never stops the import: it is recorded in
// the album's import_problems with a reason, reported, and skipped. A file
// imported with a caveat (a bogus EXIF value dropped, such as a date in the
// year 9999) is reported the same way with skipped == false. A file with no
// date at all is no problem: its file time is used and the picture's
// takenAtGuessed says so.
//
// Rescan (ImportOptions::rescan) also reconciles what the album knows
// with the folder: files whose size or modification time changed are read
// again; pictures whose file is gone are marked Missing (never deleted, so
// their tags are back when the file returns); a new file whose content
// hash matches a missing picture is that picture renamed or moved inside
// the album, and takes its row (and tags) over.
//
// Formats: whatever the installed Qt image plugins read among JPEG, PNG,
// TIFF, WebP, GIF and BMP; HEIC, HEIF and AVIF (recognised by content)
// through libheif, upright by their transform properties, EXIF and XMP
// from their metadata blocks; camera RAW files (DNG, CR2, CR3, NEF, ARW,
// ORF, RW2, RAF, PEF, SRW) through the largest preview exiv2 extracts;
// videos (MP4, MOV, M4V, MKV, WebM, AVI, 3GP) through FFmpeg, as pictures of
// kind Video: duration, size as shown (rotation applied), frame rate,
// codecs, creation time (with its zone when the file has Apple's
// creationdate), ISO 6709 location, make and model; the thumbnail is the
// frame near 1 s (the first frame of a shorter video), and each video has
// a time limit (ImportOptions::videoTimeLimitMs) so a hostile file cannot
// stall the import. A file named like a video that is not one (a JPEG
// named .mp4) is a problem, not a photo.
//
// XMP sidecars (see docs/SIDECARS.md): a picture's NAME.EXT.xmp (darktable,
// digiKam), else NAME.xmp (Lightroom, Capture One) when only one picture
// has that name or only one of those is a camera RAW file, is read with it
// through exiv2: tags (dc:subject, digiKam:TagsList, lr:hierarchicalSubject),
// rating and pick (xmp:Rating, -1 rejected; digiKam:PickLabel), colour label
// (digiKam:ColorLabel, xmp:Label), title, description and GPS. What the
// sidecar says wins over what the file says. A sidecar that cannot be read
// (not XML, damaged, over 8 MB) is a caveat of its picture, which is
// imported anyway; one that no picture takes is a problem of its own path
// (not counted in failed). Rescan reads a picture again when its sidecar
// appeared, changed or went away. Sidecars are never pictures; importing
// from another folder copies them in with their pictures.
//
// Thread safety: may be called from any thread; it takes the album's write
// session for each batch only, so readers and other writers go on.

#include "quire/album.h"
#include "quire/error.h"
#include "quire/export.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace quire {

struct ImportProgress {
    qint64 files = 0, filesTotal = 0;  // files dealt with / found so far
    qint64 bytes = 0, bytesTotal = 0;  // bytes of those files
    qint64 elapsedMs = 0;
    qint64 remainingMs = -1;           // an estimate; -1 while unknown
    bool scanning = true;              // still walking the folder (totals grow)
    bool copying = false;              // copying files in from ImportOptions::sourceFolder
};

struct ImportOptions {
    // Copy the images found here into the album (keeping their paths
    // relative to this folder; a file already at that path in the album is
    // never overwritten) and import them. Empty: import the album folder.
    QString sourceFolder;
    // Also re-read changed files, mark vanished ones Missing and recognise
    // renamed ones (see above).
    bool rescan = false;
    // Worker threads reading and decoding; 0: one per core.
    int threads = 0;
    // Long edge of the stored thumbnails, in pixels.
    int thumbnailSize = 256;
    // How long one video may take to open, probe and decode its poster
    // frame; past it the file is a problem and the import goes on.
    int videoTimeLimitMs = 20000;
    // Called on the importing thread at most about ten times a second and
    // once at the end; return false to cancel.
    std::function<bool(const ImportProgress &)> progress;
    // Set to true (from any thread) to cancel.
    const std::atomic<bool> *cancel = nullptr;
};

struct ImportProblem {
    QString path;    // relative to the folder scanned; bytes that are not UTF-8 as \xNN
    QString reason;  // a sentence
    bool skipped = true; // true: the file is not in the album; false: imported with this caveat
};

struct ImportReport {
    int found = 0;     // image files seen
    int added = 0;     // new pictures
    int updated = 0;   // pictures whose file changed, read again
    int unchanged = 0; // known and not read again
    int relinked = 0;  // renamed or moved inside the album, recognised by content hash
    int missing = 0;   // pictures marked Missing by this rescan
    int returned = 0;  // pictures marked Missing before whose file is back
    int copied = 0;    // files copied in from ImportOptions::sourceFolder
    int failed = 0;    // files that could not be imported (problems with skipped)
    int sidecars = 0;  // pictures read with an XMP sidecar beside them (see above)
    qint64 bytes = 0;  // bytes read
    qint64 elapsedMs = 0;
    bool cancelled = false; // stopped early: what was committed stays, a new run goes on
    QList<ImportProblem> problems;
};

// Imports (or rescans) the album's pictures. Errors (the album cannot be
// written, the source folder does not exist, the disk is full) end the
// import; bad files do not.
QUIRE_CORE_EXPORT Result<ImportReport> importPictures(const Album &album, const ImportOptions &options = {});

// True for the file names importPictures() looks at (by suffix, any case).
QUIRE_CORE_EXPORT bool isImportableFileName(const QString &fileName);

} // namespace quire

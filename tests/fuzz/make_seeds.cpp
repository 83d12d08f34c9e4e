// Writes the fuzzers' seed inputs into OUTDIR/<target>/:
//   make_fuzz_seeds OUTDIR          (e.g. tests/fuzz/corpus)
// fuzz_album_open: a fresh album database, and one with pictures and tags
// (checkpointed, rollback journal: one self-contained file each).
// fuzz_photo_metadata: a small JPEG with EXIF and XMP, a PNG, a TIFF with
// a JPEG preview (as a camera RAW carries).

#include "photo_files.h"

#include <quire/album.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/tags.h>

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>

#include <cstdio>

namespace {

bool fail(const char *what)
{
    std::fprintf(stderr, "make_fuzz_seeds: %s\n", what);
    return false;
}

// The album database as one file: closed (checkpointed) by Quire, so no
// -wal is needed to read it.
bool copyDatabase(const QString &folder, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(quire::Album::databasePathFor(folder), to);
}

bool albumSeeds(const QString &out)
{
    QTemporaryDir tmp;
    const QString fresh = tmp.filePath(QStringLiteral("fresh"));
    {
        auto album = quire::Album::create(fresh, QStringLiteral("Fresh"));
        if (!album || !album->close())
            return fail("cannot make the fresh album");
    }
    if (!copyDatabase(fresh, out + QStringLiteral("/fresh.db")))
        return fail("cannot copy the fresh album");

    const QString full = tmp.filePath(QStringLiteral("full"));
    {
        auto album = quire::Album::create(full, QStringLiteral("Holiday 2024"));
        if (!album)
            return fail("cannot make the album with pictures");
        auto fill = [&]() -> bool {
            auto session = album->write();
            if (!session)
                return fail("no write session");
            auto beach = quire::Tags(*session).ensure(QStringLiteral("Places/Beach"));
            auto ann = quire::Tags(*session).ensure(QStringLiteral("People/Ann"));
            if (!beach || !ann)
                return fail("cannot make tags");
            for (int i = 1; i <= 3; ++i) {
                quire::Picture picture;
                picture.path = QStringLiteral("2024/IMG_%1.jpg").arg(i, 4, 10, QLatin1Char('0'));
                picture.tagIds = {beach->id};
                if (i == 2)
                    picture.tagIds.append(ann->id);
                if (!quire::Pictures(*session).add(picture))
                    return fail("cannot add a picture");
            }
            return true;
        };
        if (!fill())
            return false;
        if (!album->close())
            return fail("cannot close the album");
    }
    return copyDatabase(full, out + QStringLiteral("/pictures.db")) || fail("cannot copy the album");
}

bool photoSeeds(const QString &out)
{
    quire::test::PhotoSpec spec;
    spec.width = 16;
    spec.height = 12;
    spec.orientation = 6;
    spec.jpegQuality = 50;
    spec.dateTimeOriginal = QStringLiteral("2024:07:14 10:30:00");
    spec.subSecTimeOriginal = QStringLiteral("250");
    spec.offsetTimeOriginal = QStringLiteral("+02:00");
    spec.make = QStringLiteral("Canon");
    spec.model = QStringLiteral("EOS R6");
    spec.exposureTime = QStringLiteral("1/250");
    spec.fNumber = QStringLiteral("28/10");
    spec.iso = 400;
    spec.focalLength = QStringLiteral("50/1");
    spec.latitude = 48.8584;
    spec.longitude = 2.2945;
    spec.altitude = 35;
    spec.subjects = {QStringLiteral("beach")};
    spec.hierarchical = {QStringLiteral("Places/Paris")};
    spec.lightroomHierarchical = {QStringLiteral("People|Ann")};
    spec.rating = 4;
    if (!quire::test::writePhoto(out + QStringLiteral("/exif_xmp.jpg"), spec))
        return fail("cannot write the JPEG");

    quire::test::PhotoSpec plain;
    plain.width = 8;
    plain.height = 8;
    if (!quire::test::writePhoto(out + QStringLiteral("/plain.png"), plain))
        return fail("cannot write the PNG");

    quire::test::PhotoSpec tiff = spec;
    tiff.width = 8;
    tiff.height = 6;
    const QString tiffPath = out + QStringLiteral("/preview.tif");
    if (!quire::test::writePhoto(tiffPath, tiff)
        || !quire::test::embedJpegPreview(tiffPath, quire::test::uprightPattern(16, 12)))
        return fail("cannot write the TIFF");
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_fuzz_seeds OUTDIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    const QString albums = out + QStringLiteral("/fuzz_album_open");
    const QString photos = out + QStringLiteral("/fuzz_photo_metadata");
    QDir().mkpath(albums);
    QDir().mkpath(photos);
    return albumSeeds(albums) && photoSeeds(photos) ? 0 : 1;
}

// Fuzzes opening an album: the input becomes .quire/album.db of an album
// folder, which is opened on its own (Album::open) and through a Registry
// (which adds quick_check and transfer recovery), then read a little.
// Any outcome is fine except a crash, a leak or undefined behaviour: an
// album is a file anyone may send.

#include <quire/album.h>
#include <quire/pictures.h>
#include <quire/album_registry.h>
#include <quire/session.h>
#include <quire/tags.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

struct Workbench {
    QTemporaryDir root;
    QString album;
    quire::Registry *registry = nullptr;

    Workbench()
    {
        album = root.filePath(QStringLiteral("album"));
        QDir().mkpath(album + QStringLiteral("/.quire"));
        registry = new quire::AlbumRegistry(root.filePath(QStringLiteral("workspace")));
    }
};

Workbench &bench()
{
    static int argc = 1;
    static char name[] = "fuzz_album_open";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    static Workbench *b = new Workbench; // lives to the end: libFuzzer exits without unwinding
    return *b;
}

void exercise(const quire::Album &album)
{
    if (auto session = album.read()) {
        (void)quire::Pictures(*session).query();
        (void)quire::Tags(*session).all();
    }
    (void)album.check();
}

// Everything an earlier run may have left in the album's .quire folder
// (journals, backups made by a migration) goes, so runs are independent.
void resetFolder(const QString &album)
{
    QDir quire(album + QStringLiteral("/.quire"));
    quire.removeRecursively();
    QDir().mkpath(quire.path());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Workbench &b = bench();
    resetFolder(b.album);
    QFile db(quire::Album::databasePathFor(b.album));
    if (!db.open(QIODevice::WriteOnly))
        std::abort();
    db.write(reinterpret_cast<const char *>(data), qint64(size));
    db.close();

    if (auto album = quire::Album::open(b.album)) {
        exercise(*album);
        (void)album->close();
    }

    if (auto album = b.registry->open(b.album)) {
        exercise(*album);
        const QUuid uuid = album->uuid();
        (void)b.registry->close(uuid);
        (void)b.registry->forget(uuid);
    }
    return 0;
}

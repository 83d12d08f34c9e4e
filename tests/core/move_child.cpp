// The child side of tst_folder_move: moves an album folder through a
// Registry, so the parent can kill it at any step boundary with
// QUIRE_CRASH_AT=n; or holds an album open for the parent to try moving.
//   move_child [--format NAME] move|move-slow WORKSPACE UUID DESTINATION
//                                   (move-slow: 150 ms per file copied; NAME a format of
//                                   formats_under_test.h, "album" when not given)
//   move_child [--format NAME] hold FOLDER  (prints "ready", then waits for stdin to close)
// Exit 0 when done, 1 when it failed, 2 on bad arguments.

#include "formats_under_test.h"

#include <quire/album_folders.h>
#include <quire/quire.h>

#include <QCoreApplication>
#include <QThread>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    const quire::test::FormatUnderTest &format = quire::test::takeFormatArgument(args);
    if (args.size() == 3 && args.at(1) == QLatin1String("hold")) {
        quire::TenantOptions options;
        options.format = format.format;
        quire::Result<quire::Tenant> album = quire::Tenant::open(args.at(2), options);
        if (!album)
            return 1;
        quire::Result<quire::Session> session = album->read();
        std::printf("ready\n");
        std::fflush(stdout);
        char line[16];
        while (std::fgets(line, sizeof line, stdin)) {
        }
        return 0;
    }
    if (args.size() != 5 || !args.at(1).startsWith(QLatin1String("move")))
        return 2;
    quire::MoveOptions options;
    if (args.at(1) == QLatin1String("move-slow")) {
        options.progress = [](const quire::MoveProgress &) {
            QThread::msleep(150);
            return true;
        };
    }
    std::unique_ptr<quire::Registry> registry = format.registry(args.at(2));
    const QUuid uuid = QUuid::fromString(args.at(3));
    // The tenant is open and in use a moment before the move, as in an app.
    {
        quire::Result<quire::Tenant> album = registry->resolve(args.at(3));
        if (!album) {
            std::fprintf(stderr, "%s\n", qPrintable(album.error().toString()));
            return 1;
        }
        quire::Result<quire::Session> session = album->read();
    }
    quire::Result<quire::Tenant> moved = quire::moveTenant(*registry, uuid, args.at(4), options);
    if (!moved) {
        std::fprintf(stderr, "%s\n", qPrintable(moved.error().toString()));
        return 1;
    }
    return 0;
}

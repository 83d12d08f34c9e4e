// The child side of tst_workspace_index's kill test: rebuilds the workspace
// index of WORKSPACE from scratch, printing "album N" after each album (and
// flushing), so the parent can SIGKILL it after any album.
//   index_child WORKSPACE
// Exit 0 when the rebuild finished, 1 when it failed, 2 on bad arguments.

#include <quire/album_registry.h>
#include <quire/workspace_index.h>

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2)
        return 2;
    quire::AlbumRegistry registry(args.at(1));
    quire::WorkspaceIndex index(registry);
    const quire::Result<quire::IndexRefresh> done = index.rebuild([](int albumsDone, int) {
        std::printf("album %d\n", albumsDone);
        std::fflush(stdout);
    });
    if (!done) {
        std::fprintf(stderr, "%s\n", qPrintable(done.error().toString()));
        return 1;
    }
    return done->failedAlbums.isEmpty() ? 0 : 1;
}

// The child side of tst_import_rescan's kill tests: imports an album's
// folder (or copies in from SOURCE first) with two worker threads, so the
// parent can SIGKILL it half-way.
//   import_child ALBUM_FOLDER [SOURCE]
// Exit 0 when the import finished, 1 when it failed, 2 on bad arguments.

#include <quire/album.h>
#include <quire/import.h>

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2 && args.size() != 3)
        return 2;
    const quire::Result<quire::Album> album = quire::Album::open(args.at(1));
    if (!album) {
        std::fprintf(stderr, "%s\n", qPrintable(album.error().toString()));
        return 1;
    }
    quire::ImportOptions options;
    options.threads = 2;
    options.sourceFolder = args.value(2);
    const quire::Result<quire::ImportReport> report = quire::importPictures(*album, options);
    if (!report) {
        std::fprintf(stderr, "%s\n", qPrintable(report.error().toString()));
        return 1;
    }
    std::printf("added %d of %d\n", report->added, report->found);
    return 0;
}

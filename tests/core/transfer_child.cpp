// The child side of tst_transfer's crash tests: moves (or copies) pictures
// between two albums through a Registry, so the parent can kill it at any
// step boundary with QUIRE_CRASH_AT=n.
//   transfer_child move|copy WORKSPACE SOURCE DESTINATION UUID...
// Exit 0 when the transfer finished, 1 when it failed, 2 on bad arguments.

#include <quire/quire.h>
#include <quire/transfer.h>

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 6)
        return 2;
    quire::AlbumRegistry registry(args.at(2));
    quire::Result<quire::Album> source = registry.open(args.at(3));
    quire::Result<quire::Album> destination = source ? quire::Result<quire::Album>(registry.open(args.at(4))) : source;
    if (!destination) {
        std::fprintf(stderr, "%s\n", qPrintable(destination.error().toString()));
        return 1;
    }
    QList<QUuid> pictures;
    for (const QString &uuid : args.mid(5))
        pictures.append(QUuid::fromString(uuid));
    const quire::Result<quire::TransferReport> done = args.at(1) == QLatin1String("copy")
        ? quire::copyPictures(registry, *source, *destination, pictures)
        : quire::movePictures(registry, *source, *destination, pictures);
    if (!done) {
        std::fprintf(stderr, "%s\n", qPrintable(done.error().toString()));
        return 1;
    }
    return 0;
}

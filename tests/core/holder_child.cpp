// The other process of tst_two_processes: holds an album, or a lock file,
// the way another program would, until its stdin closes or it is killed.
//   holder_child hold FOLDER        an open album with a read session
//   holder_child hold-writing FOLDER  ... inside an unfinished write transaction
//   holder_child flock FILE         flock(LOCK_EX) on FILE (Quire's lock files)
// Prints "ready" once it holds. Exit 0 when stdin closes, 1 when it could
// not take what it was asked to, 2 on bad arguments.

#include <quire/quire.h>

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

int holdUntilStdinCloses()
{
    std::printf("ready\n");
    std::fflush(stdout);
    char line[64];
    while (std::fgets(line, sizeof line, stdin)) {
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 3)
        return 2;
    const QString verb = args.at(1);
    if (verb == QLatin1String("flock")) {
        const int fd = ::open(QFile::encodeName(args.at(2)).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 || ::flock(fd, LOCK_EX) != 0)
            return 1;
        return holdUntilStdinCloses();
    }
    if (verb != QLatin1String("hold") && verb != QLatin1String("hold-writing"))
        return 2;
    quire::Result<quire::Album> album = quire::Album::open(args.at(2));
    if (!album) {
        std::fprintf(stderr, "%s\n", qPrintable(album.error().toString()));
        return 1;
    }
    if (verb == QLatin1String("hold")) {
        quire::Result<quire::Session> session = album->read();
        if (!session)
            return 1;
        return holdUntilStdinCloses();
    }
    quire::Result<quire::Session> session = album->write();
    if (!session)
        return 1;
    quire::Result<quire::Transaction> transaction = session->transaction();
    if (!transaction)
        return 1;
    quire::Result<quire::Tag> tag = quire::Tags(*session).ensure(QStringLiteral("never-committed"));
    if (!tag)
        return 1;
    return holdUntilStdinCloses();
}

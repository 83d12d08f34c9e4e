// Makes an album in a temporary folder, adds a picture with a tag, reads it
// back through a second session, and prints OK. Any failure prints why and
// exits 1.

#include <quire/quire.h>

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

static int fail(const char *what, const quire::Error &error)
{
    std::fprintf(stderr, "%s: %s\n", what, qPrintable(error.toString()));
    return 1;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "no temporary folder\n");
        return 1;
    }

    auto album = quire::Album::create(dir.filePath(QStringLiteral("Holiday")), QStringLiteral("Holiday"));
    if (!album)
        return fail("create", album.error());

    qint64 tagId = 0;
    {
        auto session = album->write();
        if (!session)
            return fail("write session", session.error());
        auto tag = quire::Tags(*session).ensure(QStringLiteral("Places/Beach"));
        if (!tag)
            return fail("ensure tag", tag.error());
        tagId = tag->id;
        quire::Picture picture;
        picture.path = QStringLiteral("beach/IMG_0001.jpg");
        picture.width = 4000;
        picture.height = 3000;
        picture.rating = 4;
        picture.tagIds = {tagId};
        if (auto added = quire::Pictures(*session).add(picture); !added)
            return fail("add picture", added.error());
    }

    auto session = album->read();
    if (!session)
        return fail("read session", session.error());
    auto found = quire::Pictures(*session).byPath(QStringLiteral("beach/IMG_0001.jpg"));
    if (!found)
        return fail("read picture", found.error());
    if (!*found || (*found)->width != 4000 || (*found)->rating != 4) {
        std::fprintf(stderr, "the picture read back is not the one added\n");
        return 1;
    }
    auto tags = quire::Tags(*session).of((*found)->id);
    if (!tags)
        return fail("read tags", tags.error());
    if (tags->size() != 1 || tags->first().path != QStringLiteral("Places/Beach")) {
        std::fprintf(stderr, "the picture's tag was not read back\n");
        return 1;
    }

    std::printf("OK\n");
    return 0;
}

// Sidecar write-back (issue 14): when the album asks for it, an edit of a
// picture's tags, rating, pick, colour label, title or description writes
// its NAME.EXT.xmp, which the real exiftool reads back in every program's
// properties (digiKam's, Lightroom's, plain dc:subject). Off (the
// default), nothing is written and a sidecar there stays byte for byte.
// What another program put in a sidecar survives; Lightroom's NAME.xmp is
// never written; a read-only folder and a sidecar that is not XMP are
// clear errors naming the album and the file, with the edit kept.

#include "import_support.h"

#include <quire/album.h>
#include <quire/import.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/tags.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <utility>

using namespace quire;
using namespace quire::test;

namespace {

QString exiftool(const QStringList &arguments)
{
    return runTool(QStringLiteral("exiftool"), QStringList{QStringLiteral("-q"), QStringLiteral("-m")} + arguments);
}

// What exiftool reads in a file: its XMP tags by group ("XMP-dc:Subject"),
// numbers as numbers, lists as lists.
QJsonObject exiftoolReads(const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("exiftool"),
                  {QStringLiteral("-j"), QStringLiteral("-G1"), QStringLiteral("-n"), QStringLiteral("-struct"),
                   QStringLiteral("-XMP:all"), path});
    if (!process.waitForFinished(60000))
        return {};
    const QJsonArray all = QJsonDocument::fromJson(process.readAllStandardOutput()).array();
    return all.isEmpty() ? QJsonObject() : all.first().toObject();
}

// A list tag as a sorted list (exiftool gives a lone item as a scalar).
QStringList listOf(const QJsonObject &tags, const QString &key)
{
    const QJsonValue value = tags.value(key);
    QStringList out;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            out.append(item.toVariant().toString());
    } else if (!value.isUndefined()) {
        out.append(value.toVariant().toString());
    }
    out.sort();
    return out;
}

QString textOf(const QJsonObject &tags, const QString &key)
{
    return tags.value(key).toVariant().toString();
}

// A sidecar darktable left (its edit history, a struct array) with a
// digiKam field of its own, as those programs write them.
const QByteArray DarktableSidecar =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"XMP Core 4.4.0-Exiv2\">\n"
    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
    "    xmlns:darktable=\"http://darktable.sf.net/\"\n"
    "    xmlns:digiKam=\"http://www.digikam.org/ns/1.0/\"\n"
    "   xmp:Rating=\"1\"\n"
    "   darktable:xmp_version=\"5\"\n"
    "   darktable:history_end=\"2\"\n"
    "   digiKam:ImageUniqueID=\"d1g1k4m-uid\">\n"
    "   <darktable:history>\n"
    "    <rdf:Seq>\n"
    "     <rdf:li darktable:num=\"0\" darktable:operation=\"exposure\" darktable:enabled=\"1\" darktable:params=\"0000803f\"/>\n"
    "     <rdf:li darktable:num=\"1\" darktable:operation=\"colorin\" darktable:enabled=\"1\" darktable:params=\"gz48eJ\"/>\n"
    "    </rdf:Seq>\n"
    "   </darktable:history>\n"
    "   <digiKam:TagsList>\n"
    "    <rdf:Seq>\n"
    "     <rdf:li>Old/Tag</rdf:li>\n"
    "    </rdf:Seq>\n"
    "   </digiKam:TagsList>\n"
    "  </rdf:Description>\n"
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n";

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

class TestSidecarWriteBack : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_albums = 0;

    Result<Album> newAlbum()
    {
        return Album::create(m_dir.filePath(QStringLiteral("album%1").arg(++m_albums)));
    }
    static QString in(const Album &album, const QString &path) { return QDir(album.folder()).filePath(path); }

    // One imported photo, its id.
    static qint64 importedPhoto(const Album &album, const QString &path)
    {
        if (!putPhoto(album, path, dated()) || !importPictures(album))
            return 0;
        const std::optional<Picture> p = pictureAt(album, path);
        return p ? p->id : 0;
    }

    // The edits a person makes in the app or with quirectl, each its own
    // commit, through the typed API they call.
    static Result<void> editEverything(const Album &album, qint64 id)
    {
        Result<Session> session = album.write();
        if (!session)
            return session.error();
        Tags tags(*session);
        for (const QString &path : {QStringLiteral("Places/France/Paris"), QStringLiteral("Beach")}) {
            Result<Tag> tag = tags.ensure(path);
            if (!tag)
                return tag.error();
            if (auto r = tags.attach({id}, tag->id); !r)
                return r;
        }
        Pictures pictures(*session);
        for (Result<void> r : {pictures.setRating({id}, 3), pictures.setPick({id}, PickState::Rejected),
                               pictures.setColourLabel({id}, ColourLabel::Purple),
                               pictures.setTitle(id, QStringLiteral("Ann on the Pont Neuf")),
                               pictures.setDescription(id, QStringLiteral("Windy.\nWe walked back along the Seine."))}) {
            if (!r)
                return r;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString version = runTool(QStringLiteral("exiftool"), {QStringLiteral("-ver")});
        QVERIFY2(version.isEmpty(), qPrintable(QStringLiteral("exiftool is needed (scripts/setup.sh installs it): ")
                                               + version));
    }

    void offByDefaultWritesNothingAndLeavesASidecarAlone()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QCOMPARE(album->writesSidecars().value(), false);
        const qint64 bare = importedPhoto(*album, QStringLiteral("bare.jpg"));
        QVERIFY(bare);
        // One with a sidecar darktable wrote.
        QVERIFY(putPhoto(*album, QStringLiteral("dt.jpg"), dated()));
        QVERIFY(writeBytes(in(*album, QStringLiteral("dt.jpg.xmp")), DarktableSidecar));
        QVERIFY(importPictures(*album));
        const qint64 dt = pictureAt(*album, QStringLiteral("dt.jpg"))->id;

        for (qint64 id : {bare, dt}) {
            const Result<void> edited = editEverything(*album, id);
            QVERIFY2(edited, qPrintable(edited.error().toString()));
        }
        QVERIFY(!QFile::exists(in(*album, QStringLiteral("bare.jpg.xmp"))));
        QCOMPARE(fileBytes(in(*album, QStringLiteral("dt.jpg.xmp"))), DarktableSidecar);
        // The edits themselves are in the album.
        QCOMPARE(pictureAt(*album, QStringLiteral("bare.jpg"))->rating, 3);
    }

    void everyFieldIsWrittenForEveryProgramAndReadBackTheSame()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        const qint64 id = importedPhoto(*album, QStringLiteral("IMG_1.jpg"));
        QVERIFY(id);
        QVERIFY(album->setWritesSidecars(true));
        QCOMPARE(album->writesSidecars().value(), true);
        const QByteArray photo = fileBytes(in(*album, QStringLiteral("IMG_1.jpg")));
        const Result<void> edited = editEverything(*album, id);
        QVERIFY2(edited, qPrintable(edited.error().toString()));

        const QString sidecar = in(*album, QStringLiteral("IMG_1.jpg.xmp"));
        QVERIFY(QFile::exists(sidecar));
        const QJsonObject read = exiftoolReads(sidecar);
        QVERIFY2(!read.isEmpty(), "exiftool read nothing");
        QCOMPARE(listOf(read, "XMP-digiKam:TagsList"), (QStringList{"Beach", "Places/France/Paris"}));
        QCOMPARE(listOf(read, "XMP-lr:HierarchicalSubject"), (QStringList{"Beach", "Places|France|Paris"}));
        QCOMPARE(listOf(read, "XMP-dc:Subject"), (QStringList{"Beach", "Paris"}));
        QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("3"));
        QCOMPARE(textOf(read, "XMP-digiKam:PickLabel"), QStringLiteral("1"));
        QCOMPARE(textOf(read, "XMP-digiKam:ColorLabel"), QStringLiteral("6"));
        QCOMPARE(textOf(read, "XMP-xmp:Label"), QStringLiteral("Purple"));
        QCOMPARE(textOf(read, "XMP-dc:Title"), QStringLiteral("Ann on the Pont Neuf"));
        QCOMPARE(textOf(read, "XMP-dc:Description"), QStringLiteral("Windy.\nWe walked back along the Seine."));
        // The picture's own file is never written.
        QCOMPARE(fileBytes(in(*album, QStringLiteral("IMG_1.jpg"))), photo);
        // No temporary file stays beside it.
        QCOMPARE(QDir(album->folder()).entryList(QDir::Files | QDir::Hidden),
                 (QStringList{"IMG_1.jpg", "IMG_1.jpg.xmp"}));

        // What Quire wrote is recorded: a rescan reads nothing again.
        std::optional<Picture> p = pictureAt(*album, QStringLiteral("IMG_1.jpg"));
        QCOMPARE(p->sidecarPath, QStringLiteral("IMG_1.jpg.xmp"));
        ImportOptions rescan;
        rescan.rescan = true;
        Result<ImportReport> report = importPictures(*album, rescan);
        QVERIFY2(report && report->unchanged == 1 && report->updated == 0, qPrintable(describe(*report)));

        // Another album importing the picture with its sidecar reads the same.
        Result<Album> other = newAlbum();
        QVERIFY(other);
        QVERIFY(QFile::copy(in(*album, QStringLiteral("IMG_1.jpg")), in(*other, QStringLiteral("IMG_1.jpg"))));
        QVERIFY(QFile::copy(sidecar, in(*other, QStringLiteral("IMG_1.jpg.xmp"))));
        report = importPictures(*other);
        QVERIFY2(report && report->added == 1 && report->problems.isEmpty(), qPrintable(describe(*report)));
        const std::optional<Picture> again = pictureAt(*other, QStringLiteral("IMG_1.jpg"));
        QCOMPARE(tagPathsOf(*other, again->id), (QStringList{"Beach", "Places/France/Paris"}));
        QCOMPARE(again->rating, 3);
        QCOMPARE(again->pick, PickState::Rejected);
        QCOMPARE(again->colourLabel, ColourLabel::Purple);
        QCOMPARE(again->title, QStringLiteral("Ann on the Pont Neuf"));
        QCOMPARE(again->description, QStringLiteral("Windy.\nWe walked back along the Seine."));

        // A tag taken off, the pick and label cleared: the sidecar follows.
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            const Result<std::optional<Tag>> beach = Tags(*session).byPath(QStringLiteral("Beach"));
            QVERIFY(beach && *beach);
            QVERIFY(Tags(*session).detach({id}, (*beach)->id));
            QVERIFY(Pictures(*session).setPick({id}, PickState::None));
            QVERIFY(Pictures(*session).setColourLabel({id}, ColourLabel::None));
        }
        const QJsonObject after = exiftoolReads(sidecar);
        QCOMPARE(listOf(after, "XMP-digiKam:TagsList"), (QStringList{"Places/France/Paris"}));
        QCOMPARE(listOf(after, "XMP-dc:Subject"), (QStringList{"Paris"}));
        QCOMPARE(textOf(after, "XMP-digiKam:PickLabel"), QStringLiteral("0"));
        QCOMPARE(textOf(after, "XMP-digiKam:ColorLabel"), QStringLiteral("0"));
        QVERIFY(!after.contains(QStringLiteral("XMP-xmp:Label")));
        report = importPictures(*album, rescan);
        QVERIFY2(report && report->unchanged == 1 && report->updated == 0, qPrintable(describe(*report)));
    }

    void anotherProgramsChangesSinceQuireLastReadTheSidecarAreKept()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        const qint64 id = importedPhoto(*album, QStringLiteral("IMG_2.jpg"));
        QVERIFY(id);
        QVERIFY(album->setWritesSidecars(true));
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            Tags tags(*session);
            for (const QString &path : {QStringLiteral("Beach"), QStringLiteral("Places/Nice")}) {
                const Result<Tag> tag = tags.ensure(path);
                QVERIFY(tag);
                QVERIFY(tags.attach({id}, tag->id));
            }
            QVERIFY(Pictures(*session).setRating({id}, 2));
        }
        const QString sidecar = in(*album, QStringLiteral("IMG_2.jpg.xmp"));
        QCOMPARE(listOf(exiftoolReads(sidecar), "XMP-digiKam:TagsList"), (QStringList{"Beach", "Places/Nice"}));

        // digiKam, open on the same folder, tags the person in it, gives
        // it a title and one star, as it writes them.
        const QString made = exiftool(
            {QStringLiteral("-overwrite_original"), QStringLiteral("-XMP-digiKam:TagsList+=People/Ann"),
             QStringLiteral("-XMP-lr:HierarchicalSubject+=People|Ann"), QStringLiteral("-XMP-dc:Subject+=Ann"),
             QStringLiteral("-XMP-dc:Title=Ann at the market"), QStringLiteral("-XMP-xmp:Rating=1"), sidecar});
        QVERIFY2(made.isEmpty(), qPrintable(made));

        // Then, in Quire, which has not rescanned: Beach off, Sunset on,
        // five stars; each its own commit.
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            Tags tags(*session);
            const Result<std::optional<Tag>> beach = tags.byPath(QStringLiteral("Beach"));
            QVERIFY(beach && *beach);
            QVERIFY(tags.detach({id}, (*beach)->id));
            const Result<Tag> sunset = tags.ensure(QStringLiteral("Sunset"));
            QVERIFY(sunset);
            QVERIFY(tags.attach({id}, sunset->id));
            QVERIFY(Pictures(*session).setRating({id}, 5));
        }
        // Both programs' changes are in the sidecar: digiKam's person and
        // title, Quire's tags (Beach stays off), and for the rating, which
        // both changed, Quire's, the later.
        QJsonObject read = exiftoolReads(sidecar);
        QCOMPARE(listOf(read, "XMP-digiKam:TagsList"), (QStringList{"People/Ann", "Places/Nice", "Sunset"}));
        QCOMPARE(listOf(read, "XMP-dc:Subject"), (QStringList{"Ann", "Nice", "Sunset"}));
        QCOMPARE(textOf(read, "XMP-dc:Title"), QStringLiteral("Ann at the market"));
        QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("5"));

        // The next rescan brings digiKam's changes into the album, once.
        ImportOptions rescan;
        rescan.rescan = true;
        Result<ImportReport> report = importPictures(*album, rescan);
        QVERIFY2(report && report->updated == 1, qPrintable(describe(*report)));
        QCOMPARE(tagPathsOf(*album, id), (QStringList{"People/Ann", "Places/Nice", "Sunset"}));
        std::optional<Picture> p = pictureAt(*album, QStringLiteral("IMG_2.jpg"));
        QCOMPARE(p->title, QStringLiteral("Ann at the market"));
        QCOMPARE(p->rating, 5);
        report = importPictures(*album, rescan);
        QVERIFY2(report && report->unchanged == 1 && report->updated == 0, qPrintable(describe(*report)));

        // A sidecar another program made where there was none gets Quire's
        // edit added to what it says, not written over.
        const qint64 other = importedPhoto(*album, QStringLiteral("IMG_3.jpg"));
        QVERIFY(other);
        const QString darktables = in(*album, QStringLiteral("IMG_3.jpg.xmp"));
        QVERIFY(writeBytes(darktables, DarktableSidecar));
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            QVERIFY(Pictures(*session).setTitle(other, QStringLiteral("Dusk")));
        }
        read = exiftoolReads(darktables);
        QCOMPARE(listOf(read, "XMP-digiKam:TagsList"), QStringList{"Old/Tag"});
        QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("1"));
        QCOMPARE(textOf(read, "XMP-dc:Title"), QStringLiteral("Dusk"));
    }

    void aRejectWithoutStarsIsLightroomsMinusOne()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        const qint64 id = importedPhoto(*album, QStringLiteral("r.jpg"));
        QVERIFY(id && album->setWritesSidecars(true));
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            QVERIFY(Pictures(*session).setPick({id}, PickState::Rejected));
        }
        const QJsonObject read = exiftoolReads(in(*album, QStringLiteral("r.jpg.xmp")));
        QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("-1"));
        QCOMPARE(textOf(read, "XMP-digiKam:PickLabel"), QStringLiteral("1"));
    }

    void aManyPictureEditWritesEachSidecarInOneCommit()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        for (const QString &name : {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("c.jpg")})
            QVERIFY(putPhoto(*album, name, dated()));
        QVERIFY(importPictures(*album));
        QVERIFY(album->setWritesSidecars(true));
        QList<qint64> ids;
        for (const QString &name : {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("c.jpg")})
            ids.append(pictureAt(*album, name)->id);
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            Result<Transaction> transaction = session->transaction();
            QVERIFY(transaction);
            QVERIFY(Pictures(*session).setRating(ids, 5));
            const Result<Tag> tag = Tags(*session).ensure(QStringLiteral("Trip"));
            QVERIFY(tag && Tags(*session).attach(ids, tag->id));
            // Nothing before the commit.
            QVERIFY(!QFile::exists(in(*album, QStringLiteral("a.jpg.xmp"))));
            QVERIFY(transaction->commit());
        }
        for (const QString &name : {QStringLiteral("a.jpg"), QStringLiteral("b.jpg"), QStringLiteral("c.jpg")}) {
            const QJsonObject read = exiftoolReads(in(*album, name + QStringLiteral(".xmp")));
            QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("5"));
            QCOMPARE(listOf(read, "XMP-dc:Subject"), QStringList{"Trip"});
        }
        // A transaction rolled back writes nothing.
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            Result<Transaction> transaction = session->transaction();
            QVERIFY(transaction);
            QVERIFY(Pictures(*session).setRating(ids, 1));
        }
        QCOMPARE(textOf(exiftoolReads(in(*album, QStringLiteral("a.jpg.xmp"))), "XMP-xmp:Rating"), QStringLiteral("5"));
        // Renaming a tag rewrites the sidecars of the pictures carrying it.
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            const Result<std::optional<Tag>> trip = Tags(*session).byPath(QStringLiteral("Trip"));
            QVERIFY(trip && *trip && Tags(*session).rename((*trip)->id, QStringLiteral("Journey")));
        }
        QCOMPARE(listOf(exiftoolReads(in(*album, QStringLiteral("c.jpg.xmp"))), "XMP-digiKam:TagsList"),
                 QStringList{"Journey"});
    }

    void otherProgramsFieldsAreKept()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("dt.jpg"), dated()));
        const QString sidecar = in(*album, QStringLiteral("dt.jpg.xmp"));
        QVERIFY(writeBytes(sidecar, DarktableSidecar));
        QVERIFY(importPictures(*album));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("dt.jpg"));
        QCOMPARE(tagPathsOf(*album, p->id), QStringList{"Old/Tag"});
        QVERIFY(album->setWritesSidecars(true));
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            QVERIFY(Pictures(*session).setRating({p->id}, 4));
        }
        const QJsonObject read = exiftoolReads(sidecar);
        QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("4"));
        QCOMPARE(listOf(read, "XMP-digiKam:TagsList"), QStringList{"Old/Tag"});
        QCOMPARE(textOf(read, "XMP-digiKam:ImageUniqueID"), QStringLiteral("d1g1k4m-uid"));
        // darktable's history, every step of it, as exiftool reads it.
        const QByteArray everything = QJsonDocument(read).toJson(QJsonDocument::Compact);
        for (const char *kept : {"exposure", "colorin", "0000803f", "gz48eJ"})
            QVERIFY2(everything.contains(kept), everything.constData());
        QVERIFY2(read.contains(QStringLiteral("XMP-darktable:History")), everything.constData());
        QCOMPARE(read.value(QStringLiteral("XMP-darktable:History")).toArray().size(), 2);
    }

    void lightroomsNameXmpStaysAndNameExtXmpWinsAfterwards()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("IMG_7.JPG"), dated()));
        const QString lightroom = in(*album, QStringLiteral("IMG_7.xmp"));
        QString made = exiftool({QStringLiteral("-o"), lightroom, QStringLiteral("-XMP-xmp:Rating=2"),
                                 QStringLiteral("-XMP-dc:Subject=FromLightroom"),
                                 QStringLiteral("-XMP-crs:Exposure2012=+0.50")});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(setModified(lightroom, FileTime.addSecs(5)));
        QVERIFY(importPictures(*album));
        std::optional<Picture> p = pictureAt(*album, QStringLiteral("IMG_7.JPG"));
        QCOMPARE(p->sidecarPath, QStringLiteral("IMG_7.xmp"));
        QCOMPARE(p->rating, 2);
        const QByteArray lightroomBytes = fileBytes(lightroom);

        QVERIFY(album->setWritesSidecars(true));
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            QVERIFY(Pictures(*session).setRating({p->id}, 5));
        }
        // Lightroom's file is left as it is; the picture's own is written,
        // with everything the album knows (the tag Lightroom gave too).
        QCOMPARE(fileBytes(lightroom), lightroomBytes);
        const QJsonObject read = exiftoolReads(in(*album, QStringLiteral("IMG_7.JPG.xmp")));
        QCOMPARE(textOf(read, "XMP-xmp:Rating"), QStringLiteral("5"));
        QCOMPARE(listOf(read, "XMP-dc:Subject"), QStringList{"FromLightroom"});
        p = pictureAt(*album, QStringLiteral("IMG_7.JPG"));
        QCOMPARE(p->sidecarPath, QStringLiteral("IMG_7.JPG.xmp"));

        // From now on NAME.EXT.xmp wins: Lightroom changing NAME.xmp is not read.
        made = exiftool({QStringLiteral("-overwrite_original"), QStringLiteral("-XMP-xmp:Rating=1"), lightroom});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(setModified(lightroom, FileTime.addSecs(50)));
        ImportOptions rescan;
        rescan.rescan = true;
        const Result<ImportReport> report = importPictures(*album, rescan);
        QVERIFY2(report && report->unchanged == 1 && report->updated == 0, qPrintable(describe(*report)));
        QCOMPARE(pictureAt(*album, QStringLiteral("IMG_7.JPG"))->rating, 5);
    }

    void aReadOnlyFolderIsAnErrorNamingTheFileAndTheEditStays()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        const qint64 id = importedPhoto(*album, QStringLiteral("locked/IMG_2.jpg"));
        QVERIFY(id && album->setWritesSidecars(true));
        const QString locked = in(*album, QStringLiteral("locked"));
        // Everyone may reach the folder; nobody may write it.
        QVERIFY(::chmod(QFile::encodeName(m_dir.path()).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(album->folder()).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(locked).constData(), 0555) == 0);
        Result<void> rated;
        {
            Result<Session> session = album->write(); // its database open before
            QVERIFY(session);
            AsNobody nobody;
            if (!nobody.active())
                QSKIP("needs to run as a user that a read-only folder stops (root could not become nobody)");
            rated = Pictures(*session).setRating({id}, 4);
        }
        QVERIFY(::chmod(QFile::encodeName(locked).constData(), 0755) == 0);
        QVERIFY(!rated);
        QVERIFY(rated.error().changeKept());
        QCOMPARE(rated.error().code(), ErrorCode::ReadOnly);
        const QString message = rated.error().toString();
        QVERIFY2(message.contains(album->folder()) && message.contains(QStringLiteral("locked/IMG_2.jpg.xmp"))
                     && message.contains(QStringLiteral("The change is saved")),
                 qPrintable(message));
        QCOMPARE(pictureAt(*album, QStringLiteral("locked/IMG_2.jpg"))->rating, 4);
        QCOMPARE(QDir(locked).entryList(QDir::Files | QDir::Hidden), QStringList{"IMG_2.jpg"});
    }

    // Nothing a tenant holds may lead outside its folder: an album made
    // elsewhere (here changed with the sqlite3 shell) whose picture rows
    // name "../outside.jpg", or a folder that is a link to another place,
    // gets no sidecar there; the edit is kept and the error says why.
    void aPicturePathLeadingOutOfTheAlbumGetsNoSidecar()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        const qint64 up = importedPhoto(*album, QStringLiteral("IMG_1.jpg"));
        const qint64 linked = importedPhoto(*album, QStringLiteral("linked/IMG_2.jpg"));
        QVERIFY(up && linked && album->setWritesSidecars(true));
        const QString elsewhere = m_dir.filePath(QStringLiteral("elsewhere"));
        QVERIFY(QDir().mkpath(elsewhere));
        QVERIFY(QDir(in(*album, QStringLiteral("linked"))).removeRecursively());
        QVERIFY(QFile::link(elsewhere, in(*album, QStringLiteral("linked"))));
        runTool(QStringLiteral("sqlite3"),
                {Album::databasePathFor(album->folder()),
                 QStringLiteral("UPDATE pictures SET path = '../outside.jpg' WHERE id = %1").arg(up)});
        QCOMPARE(pictureWithId(*album, up)->path, QStringLiteral("../outside.jpg"));
        for (const auto &[id, escaped] : {std::pair{up, m_dir.filePath(QStringLiteral("outside.jpg.xmp"))},
                                          std::pair{linked, QDir(elsewhere).filePath(QStringLiteral("IMG_2.jpg.xmp"))}}) {
            Result<Session> session = album->write();
            QVERIFY(session);
            const Result<void> rated = Pictures(*session).setRating({id}, 5);
            QVERIFY(!rated);
            QVERIFY(rated.error().changeKept());
            QCOMPARE(rated.error().code(), ErrorCode::InvalidArgument);
            const QString message = rated.error().toString();
            QVERIFY2(message.contains(album->folder()) && message.contains(QStringLiteral("outside the album")),
                     qPrintable(message));
            QVERIFY2(!QFileInfo::exists(escaped), qPrintable(escaped));
        }
        QCOMPARE(QDir(elsewhere).entryList(QDir::Files | QDir::Hidden), QStringList());
        QCOMPARE(pictureWithId(*album, up)->rating, 5);
        QCOMPARE(pictureWithId(*album, linked)->rating, 5);
    }

    void aSidecarThatIsNotXmpIsNotWrittenOver()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("g.jpg"), dated()));
        const QString sidecar = in(*album, QStringLiteral("g.jpg.xmp"));
        const QByteArray garbage = noiseBytes(3000);
        QVERIFY(writeBytes(sidecar, garbage));
        QVERIFY(importPictures(*album)); // a caveat: its sidecar was not read
        const qint64 id = pictureAt(*album, QStringLiteral("g.jpg"))->id;
        QVERIFY(album->setWritesSidecars(true));
        Result<void> rated;
        {
            Result<Session> session = album->write();
            QVERIFY(session);
            rated = Pictures(*session).setRating({id}, 2);
        }
        QVERIFY(!rated);
        QVERIFY(rated.error().changeKept());
        const QString message = rated.error().toString();
        QVERIFY2(message.contains(album->folder()) && message.contains(QStringLiteral("g.jpg.xmp"))
                     && message.contains(QStringLiteral("not XMP")),
                 qPrintable(message));
        QCOMPARE(fileBytes(sidecar), garbage);
        QCOMPARE(pictureAt(*album, QStringLiteral("g.jpg"))->rating, 2);
        QCOMPARE(QDir(album->folder()).entryList(QDir::Files | QDir::Hidden), (QStringList{"g.jpg", "g.jpg.xmp"}));
    }

    void importingNeverWritesSidecars()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(album->setWritesSidecars(true));
        QVERIFY(putPhoto(*album, QStringLiteral("n.jpg"), dated()));
        QVERIFY(putPhoto(*album, QStringLiteral("m.jpg"), dated()));
        const QString sidecar = in(*album, QStringLiteral("m.jpg.xmp"));
        QString made = exiftool({QStringLiteral("-o"), sidecar, QStringLiteral("-XMP-dc:Subject=Kept")});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const QByteArray bytes = fileBytes(sidecar);
        QVERIFY(importPictures(*album));
        QVERIFY(!QFile::exists(in(*album, QStringLiteral("n.jpg.xmp"))));
        QCOMPARE(fileBytes(sidecar), bytes);
    }
};

QTEST_GUILESS_MAIN(TestSidecarWriteBack)
#include "tst_sidecar_writeback.moc"

// XMP sidecars on import and rescan (issue 14), from sidecars the real
// exiftool writes: both naming conventions and the rule for a name two
// pictures share, every field the issue lists, the sidecar winning over
// the file, a sidecar changed, added or removed later seen by rescan,
// sidecars copied in with their pictures and never imported as pictures,
// and an album of the last release (schema 5) that takes its sidecars
// on the first rescan. Bad sidecars (not XML, cut short, empty, huge,
// hostile tag trees, no picture) are each a problem naming the file and
// the cause, and the picture is imported all the same.

#include "import_support.h"

#include <quire/album.h>
#include <quire/album_registry.h>
#include <quire/import.h>
#include <quire/pictures.h>
#include <quire/transfer.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;
using namespace quire::test;

namespace {

// Runs exiftool, a reader and writer of XMP no one here wrote.
QString exiftool(const QStringList &arguments)
{
    return runTool(QStringLiteral("exiftool"), QStringList{QStringLiteral("-q"), QStringLiteral("-m")} + arguments);
}

// Writes a new sidecar at path holding these tag assignments
// ("-XMP-dc:Subject=Beach"), as darktable or Lightroom would leave it.
QString writeSidecar(const QString &path, const QStringList &assignments)
{
    QFile::remove(path);
    return exiftool(QStringList{QStringLiteral("-o"), path} + assignments);
}

// Every field the issue lists, in the tags exiftool knows them by.
QStringList everyField()
{
    return {QStringLiteral("-XMP-dc:Subject=Beach"),
            QStringLiteral("-XMP-dc:Subject=Family"),
            QStringLiteral("-XMP-digiKam:TagsList=Places/France/Paris"),
            QStringLiteral("-XMP-lr:HierarchicalSubject=People|Ann"),
            QStringLiteral("-XMP-xmp:Rating=4"),
            QStringLiteral("-XMP-xmp:Label=Green"),
            QStringLiteral("-XMP-digiKam:PickLabel=3"),
            QStringLiteral("-XMP-dc:Title=Ann on the Pont Neuf"),
            QStringLiteral("-XMP-dc:Description=Windy.\nWe walked back along the Seine."),
            QStringLiteral("-XMP-exif:GPSLatitude=48.857 N"),
            QStringLiteral("-XMP-exif:GPSLongitude=2.341 E"),
            QStringLiteral("-XMP-exif:GPSAltitude=35")};
}

// Gives a file a modification time of its own, so a rewrite is seen even
// within one second.
bool touch(const QString &path, int secondsAfterFileTime)
{
    return setModified(path, FileTime.addSecs(secondsAfterFileTime));
}

} // namespace

class TestImportSidecars : public QObject
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

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString version = runTool(QStringLiteral("exiftool"), {QStringLiteral("-ver")});
        QVERIFY2(version.isEmpty(), qPrintable(QStringLiteral("exiftool is needed (scripts/setup.sh installs it): ")
                                               + version));
    }

    void everyFieldIsRead_data()
    {
        QTest::addColumn<QString>("sidecar");
        QTest::newRow("NAME.EXT.xmp (darktable, digiKam)") << QStringLiteral("IMG_0001.JPG.xmp");
        QTest::newRow("NAME.xmp (Lightroom, Capture One)") << QStringLiteral("IMG_0001.xmp");
        QTest::newRow("NAME.EXT.XMP") << QStringLiteral("IMG_0001.JPG.XMP");
    }
    void everyFieldIsRead()
    {
        QFETCH(QString, sidecar);
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("IMG_0001.JPG"), dated()));
        const QString made = writeSidecar(in(*album, sidecar), everyField());
        QVERIFY2(made.isEmpty(), qPrintable(made));

        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report, qPrintable(report.error().toString()));
        QVERIFY2(report->added == 1 && report->problems.isEmpty() && report->sidecars == 1, qPrintable(describe(*report)));
        // The sidecar is not a picture.
        QCOMPARE(report->found, 1);
        QCOMPARE(pictureCount(*album), 1);
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("IMG_0001.JPG"));
        QVERIFY(p);
        QCOMPARE(tagPathsOf(*album, p->id),
                 (QStringList{"Beach", "Family", "People/Ann", "Places/France/Paris"}));
        QCOMPARE(p->rating, 4);
        QCOMPARE(p->colourLabel, ColourLabel::Green);
        QCOMPARE(p->pick, PickState::Picked);
        QCOMPARE(p->title, QStringLiteral("Ann on the Pont Neuf"));
        QCOMPARE(p->description, QStringLiteral("Windy.\nWe walked back along the Seine."));
        QVERIFY(p->gps);
        QVERIFY2(qAbs(p->gps->latitude - 48.857) < 1e-4 && qAbs(p->gps->longitude - 2.341) < 1e-4,
                 qPrintable(QStringLiteral("%1 %2").arg(p->gps->latitude).arg(p->gps->longitude)));
        QCOMPARE(p->gps->altitude, std::optional<double>(35));
        QCOMPARE(p->sidecarPath, sidecar);
    }

    void labelsAndPicksInEveryProgramsWords_data()
    {
        QTest::addColumn<QStringList>("assignments");
        QTest::addColumn<int>("rating");
        QTest::addColumn<ColourLabel>("label");
        QTest::addColumn<PickState>("pick");
        QTest::newRow("Lightroom's reject: rating -1")
            << QStringList{"-XMP-xmp:Rating=-1"} << 0 << ColourLabel::None << PickState::Rejected;
        QTest::newRow("digiKam's reject")
            << QStringList{"-XMP-digiKam:PickLabel=1", "-XMP-xmp:Rating=2"} << 2 << ColourLabel::None << PickState::Rejected;
        QTest::newRow("digiKam's pending is no pick")
            << QStringList{"-XMP-digiKam:PickLabel=2"} << 0 << ColourLabel::None << PickState::None;
        QTest::newRow("digiKam's magenta is purple")
            << QStringList{"-XMP-digiKam:ColorLabel=6"} << 0 << ColourLabel::Purple << PickState::None;
        QTest::newRow("digiKam's colour over xmp:Label")
            << QStringList{"-XMP-digiKam:ColorLabel=1", "-XMP-xmp:Label=Blue"} << 0 << ColourLabel::Red << PickState::None;
        QTest::newRow("Lightroom's Yellow")
            << QStringList{"-XMP-xmp:Label=Yellow"} << 0 << ColourLabel::Yellow << PickState::None;
    }
    void labelsAndPicksInEveryProgramsWords()
    {
        QFETCH(QStringList, assignments);
        QFETCH(int, rating);
        QFETCH(ColourLabel, label);
        QFETCH(PickState, pick);
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("a.jpg"), dated()));
        const QString made = writeSidecar(in(*album, QStringLiteral("a.jpg.xmp")), assignments);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->problems.isEmpty(), qPrintable(report ? describe(*report) : report.error().toString()));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("a.jpg"));
        QVERIFY(p);
        QCOMPARE(p->rating, rating);
        QCOMPARE(p->colourLabel, label);
        QCOMPARE(p->pick, pick);
    }

    void sidecarWinsOverTheFile()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        PhotoSpec spec = dated();
        spec.make = QStringLiteral("Canon");
        spec.rating = 2;
        spec.subjects = {QStringLiteral("FromTheFile")};
        spec.latitude = 10;
        spec.longitude = 20;
        QVERIFY(putPhoto(*album, QStringLiteral("b.jpg"), spec));
        const QString made = writeSidecar(in(*album, QStringLiteral("b.jpg.xmp")),
                                          {"-XMP-xmp:Rating=5", "-XMP-dc:Subject=FromTheSidecar",
                                           "-XMP-exif:GPSLatitude=45.5 S", "-XMP-exif:GPSLongitude=70.25 W"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(importPictures(*album));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("b.jpg"));
        QVERIFY(p);
        QCOMPARE(p->rating, 5);
        QCOMPARE(tagPathsOf(*album, p->id), QStringList{"FromTheSidecar"});
        QVERIFY(p->gps && qAbs(p->gps->latitude + 45.5) < 1e-6 && qAbs(p->gps->longitude + 70.25) < 1e-6);
        // What only the file says stays.
        QCOMPARE(p->cameraMake, QStringLiteral("Canon"));
        QCOMPARE(p->takenAt, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC));
    }

    // IMG_1.CR2 and IMG_1.JPG beside IMG_1.xmp: the RAW file's (Lightroom
    // wrote it for the RAW); a sidecar named after one picture is that
    // picture's alone, and wins over the shared one.
    void sharedNameGoesToTheRawFile()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        const QString tiff = m_dir.filePath(QStringLiteral("raw.tif"));
        QVERIFY(writePhoto(tiff, dated()));
        QVERIFY(embedJpegPreview(tiff, uprightPattern(160, 120)));
        QVERIFY(QFile::rename(tiff, in(*album, QStringLiteral("IMG_1.CR2"))));
        QVERIFY(setModified(in(*album, QStringLiteral("IMG_1.CR2")), FileTime));
        QVERIFY(putPhoto(*album, QStringLiteral("IMG_1.JPG"), dated()));
        QString made = writeSidecar(in(*album, QStringLiteral("IMG_1.xmp")), {"-XMP-dc:Subject=Shared"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        // And a picture with both conventions beside it reads its own.
        QVERIFY(putPhoto(*album, QStringLiteral("IMG_2.JPG"), dated()));
        made = writeSidecar(in(*album, QStringLiteral("IMG_2.xmp")), {"-XMP-dc:Subject=Lightroom"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        made = writeSidecar(in(*album, QStringLiteral("IMG_2.JPG.xmp")), {"-XMP-dc:Subject=Darktable"});
        QVERIFY2(made.isEmpty(), qPrintable(made));

        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->added == 3, qPrintable(report ? describe(*report) : report.error().toString()));
        QVERIFY2(report->problems.isEmpty(), qPrintable(describe(*report)));
        const std::optional<Picture> raw = pictureAt(*album, QStringLiteral("IMG_1.CR2"));
        const std::optional<Picture> jpeg = pictureAt(*album, QStringLiteral("IMG_1.JPG"));
        const std::optional<Picture> both = pictureAt(*album, QStringLiteral("IMG_2.JPG"));
        QVERIFY(raw && jpeg && both);
        QCOMPARE(tagPathsOf(*album, raw->id), QStringList{"Shared"});
        QCOMPARE(raw->sidecarPath, QStringLiteral("IMG_1.xmp"));
        QCOMPARE(tagPathsOf(*album, jpeg->id), QStringList());
        QCOMPARE(jpeg->sidecarPath, QString());
        QCOMPARE(tagPathsOf(*album, both->id), QStringList{"Darktable"});
    }

    void sharedNameWithoutOneRawFileIsNobodys()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("trip/IMG_3.JPG"), dated()));
        QVERIFY(putPhoto(*album, QStringLiteral("trip/IMG_3.PNG"), dated()));
        const QString made = writeSidecar(in(*album, QStringLiteral("trip/IMG_3.xmp")), {"-XMP-dc:Subject=Whose"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->added == 2 && report->failed == 0, qPrintable(describe(*report)));
        const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("trip/IMG_3.xmp"));
        QVERIFY2(problem && problem->skipped
                     && problem->reason.contains(QLatin1String("IMG_3.JPG, IMG_3.PNG share its name"))
                     && problem->reason.contains(QLatin1String("none is a camera RAW file")),
                 qPrintable(describe(*report)));
        QCOMPARE(tagPathsOf(*album, pictureAt(*album, QStringLiteral("trip/IMG_3.JPG"))->id), QStringList());
        QCOMPARE(tagPathsOf(*album, pictureAt(*album, QStringLiteral("trip/IMG_3.PNG"))->id), QStringList());
    }

    void rescanSeesSidecarsChangedAddedAndRemoved()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("c.jpg"), dated()));
        QVERIFY(putPhoto(*album, QStringLiteral("d.jpg"), dated()));
        const QString sidecar = in(*album, QStringLiteral("c.jpg.xmp"));
        QString made = writeSidecar(sidecar, {"-XMP-xmp:Rating=2", "-XMP-dc:Subject=First"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(touch(sidecar, 10));
        QVERIFY(importPictures(*album));
        const qint64 id = pictureAt(*album, QStringLiteral("c.jpg"))->id;

        ImportOptions rescan;
        rescan.rescan = true;
        // Nothing changed: nothing is read again.
        Result<ImportReport> report = importPictures(*album, rescan);
        QVERIFY2(report && report->unchanged == 2 && report->updated == 0, qPrintable(describe(*report)));

        // digiKam rewrites the sidecar: a new rating, a tag more, a title.
        made = exiftool({"-overwrite_original", "-XMP-xmp:Rating=5", "-XMP-dc:Subject+=Second",
                         "-XMP-dc:Title=Changed in digiKam", sidecar});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(touch(sidecar, 20));
        // And darktable writes one for the other picture.
        made = writeSidecar(in(*album, QStringLiteral("d.jpg.xmp")), {"-XMP-xmp:Label=Blue"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        report = importPictures(*album, rescan);
        QVERIFY2(report && report->updated == 2 && report->problems.isEmpty(), qPrintable(describe(*report)));
        std::optional<Picture> c = pictureAt(*album, QStringLiteral("c.jpg"));
        QCOMPARE(c->id, id);
        QCOMPARE(c->rating, 5);
        QCOMPARE(c->title, QStringLiteral("Changed in digiKam"));
        QCOMPARE(tagPathsOf(*album, id), (QStringList{"First", "Second"}));
        QCOMPARE(pictureAt(*album, QStringLiteral("d.jpg"))->colourLabel, ColourLabel::Blue);

        // The sidecar deleted: read again, and no sidecar is recorded; what
        // it brought stays (the album keeps what it was told).
        QVERIFY(QFile::remove(sidecar));
        report = importPictures(*album, rescan);
        QVERIFY2(report && report->updated == 1, qPrintable(describe(*report)));
        c = pictureAt(*album, QStringLiteral("c.jpg"));
        QCOMPARE(c->sidecarPath, QString());
        QCOMPARE(c->rating, 5);
        QCOMPARE(tagPathsOf(*album, id), (QStringList{"First", "Second"}));
    }

    void sidecarsComeAlongFromAnotherFolder()
    {
        QTemporaryDir card;
        QVERIFY(writePhoto(card.filePath(QStringLiteral("DCIM/IMG_5.JPG")), dated()));
        const QString made = writeSidecar(card.filePath(QStringLiteral("DCIM/IMG_5.JPG.xmp")),
                                          {"-XMP-dc:Subject=Card", "-XMP-xmp:Rating=3"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        Result<Album> album = newAlbum();
        QVERIFY(album);
        ImportOptions options;
        options.sourceFolder = card.path();
        const Result<ImportReport> report = importPictures(*album, options);
        QVERIFY2(report && report->copied == 2 && report->added == 1, qPrintable(describe(*report)));
        QVERIFY(QFile::exists(in(*album, QStringLiteral("DCIM/IMG_5.JPG.xmp"))));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("DCIM/IMG_5.JPG"));
        QVERIFY(p);
        QCOMPARE(p->rating, 3);
        QCOMPARE(tagPathsOf(*album, p->id), QStringList{"Card"});
    }

    // A sidecar that cannot be read: the picture is imported, with a caveat
    // that names the sidecar and says what is wrong with it.
    void badSidecarIsACaveatOfItsPicture_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("cause");
        QTest::newRow("not XML") << QStringLiteral("text") << QStringLiteral("it is not XML");
        QTest::newRow("cut short") << QStringLiteral("truncated") << QStringLiteral("it is not well-formed XMP");
        QTest::newRow("empty") << QStringLiteral("empty") << QStringLiteral("it is empty");
        QTest::newRow("huge") << QStringLiteral("huge") << QStringLiteral("more than the 8.0 MB a sidecar may be");
        QTest::newRow("a link out of the album")
            << QStringLiteral("link") << QStringLiteral("symbolic link to a file outside the album folder");
    }
    void badSidecarIsACaveatOfItsPicture()
    {
        QFETCH(QString, damage);
        QFETCH(QString, cause);
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("e.jpg"), dated()));
        const QString sidecar = in(*album, QStringLiteral("e.jpg.xmp"));
        const QString made = writeSidecar(sidecar, {"-XMP-dc:Subject=Lost", "-XMP-xmp:Rating=4"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const QByteArray whole = fileBytes(sidecar);
        QVERIFY(whole.size() > 200);
        if (damage == QLatin1String("text")) {
            QVERIFY(writeFile(sidecar, "Rating: 4\nSubject: Lost\n"));
        } else if (damage == QLatin1String("truncated")) {
            QVERIFY(writeFile(sidecar, whole.left(whole.size() / 2)));
        } else if (damage == QLatin1String("empty")) {
            QVERIFY(writeFile(sidecar, QByteArray()));
        } else if (damage == QLatin1String("huge")) {
            // Well-formed, and padded the way XMP packets are, past the limit.
            const qsizetype end = whole.lastIndexOf("<?xpacket end");
            QVERIFY(end > 0);
            QVERIFY(writeFile(sidecar, whole.left(end) + QByteArray(9 * 1024 * 1024, ' ') + whole.mid(end)));
        } else if (damage == QLatin1String("link")) {
            // A good sidecar, but elsewhere: nothing outside the album is read.
            const QString outside = m_dir.filePath(QStringLiteral("outside-%1.xmp").arg(m_albums));
            QVERIFY(QFile::rename(sidecar, outside));
            QVERIFY(QFile::link(outside, sidecar));
        }
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report, qPrintable(report.error().toString()));
        QVERIFY2(report->added == 1 && report->failed == 0, qPrintable(describe(*report)));
        const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("e.jpg"));
        QVERIFY2(problem && !problem->skipped && problem->reason.contains(QLatin1String("e.jpg.xmp"))
                     && problem->reason.contains(cause),
                 qPrintable(describe(*report)));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("e.jpg"));
        QVERIFY(p);
        QCOMPARE(p->rating, 0);
        QCOMPARE(tagPathsOf(*album, p->id), QStringList());
        // The caveat is kept in the album, as other import problems are.
        const QString kept = rawQuery(Album::databasePathFor(album->folder()),
                                      QStringLiteral("SELECT reason FROM import_problems WHERE path = 'e.jpg'"));
        QVERIFY2(kept.contains(cause), qPrintable(kept));
    }

    void hostileTagTreesAreCaveats_data()
    {
        QTest::addColumn<QStringList>("assignments");
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<QString>("cause");
        QTest::newRow("empty levels")
            << QStringList{"-XMP-lr:HierarchicalSubject=Places||Paris", "-XMP-digiKam:TagsList=/People//Ann/"}
            << QStringList{"People/Ann", "Places/Paris"} << QStringLiteral("has empty levels, which were left out");
        QTest::newRow("dot-dot")
            << QStringList{"-XMP-lr:HierarchicalSubject=Places|..|..|etc", "-XMP-dc:Subject=Kept"}
            << QStringList{"Kept"} << QStringLiteral("'Places|..|..|etc' has a level named '.' or '..' and was ignored");
        QStringList deep;
        for (int i = 0; i < 200; ++i)
            deep.append(QStringLiteral("L%1").arg(i));
        QTest::newRow("200 levels")
            << QStringList{"-XMP-digiKam:TagsList=" + deep.join(u'/'), "-XMP-dc:Subject=Kept"}
            << QStringList{"Kept"} << QStringLiteral("has more than 32 levels and was ignored");
    }
    void hostileTagTreesAreCaveats()
    {
        QFETCH(QStringList, assignments);
        QFETCH(QStringList, tags);
        QFETCH(QString, cause);
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("f.jpg"), dated()));
        const QString made = writeSidecar(in(*album, QStringLiteral("f.jpg.xmp")), assignments);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->added == 1, qPrintable(report ? describe(*report) : report.error().toString()));
        const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("f.jpg"));
        QVERIFY2(problem && !problem->skipped && problem->reason.contains(QLatin1String("In its sidecar f.jpg.xmp"))
                     && problem->reason.contains(cause),
                 qPrintable(describe(*report)));
        QCOMPARE(tagPathsOf(*album, pictureAt(*album, QStringLiteral("f.jpg"))->id), tags);
    }

    void thousandsOfTagsAreCappedWithACaveat()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("g.jpg"), dated()));
        QStringList subjects;
        for (int i = 0; i < 3000; ++i)
            subjects.append(QStringLiteral("tag%1").arg(i, 4, 10, QLatin1Char('0')));
        const QString made = writeSidecar(in(*album, QStringLiteral("g.jpg.xmp")),
                                          {"-sep", ",", "-XMP-dc:Subject=" + subjects.join(u',')});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->added == 1, qPrintable(report ? describe(*report) : report.error().toString()));
        const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("g.jpg"));
        QVERIFY2(problem && problem->reason.contains(QLatin1String("g.jpg.xmp"))
                     && problem->reason.contains(QLatin1String("more than 500 tags; 2500 more were ignored")),
                 qPrintable(describe(*report)));
        QCOMPARE(tagPathsOf(*album, pictureAt(*album, QStringLiteral("g.jpg"))->id).size(), 500);
    }

    void sidecarWithoutItsPictureIsAProblemUntilThePictureComes()
    {
        Result<Album> album = newAlbum();
        QVERIFY(album);
        QVERIFY(putPhoto(*album, QStringLiteral("here.jpg"), dated()));
        const QString made = writeSidecar(in(*album, QStringLiteral("gone.jpg.xmp")), {"-XMP-dc:Subject=Waiting"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        Result<ImportReport> report = importPictures(*album);
        QVERIFY2(report && report->added == 1 && report->failed == 0, qPrintable(describe(*report)));
        const std::optional<ImportProblem> problem = problemFor(*report, QStringLiteral("gone.jpg.xmp"));
        QVERIFY2(problem && problem->skipped && problem->reason.contains(QLatin1String("Sidecar not read: no picture beside it has its name")),
                 qPrintable(describe(*report)));
        QCOMPARE(pictureCount(*album), 1);

        // The picture arrives: the sidecar is read with it and the problem goes.
        QVERIFY(putPhoto(*album, QStringLiteral("gone.jpg"), dated()));
        report = importPictures(*album);
        QVERIFY2(report && report->added == 1 && report->problems.isEmpty(), qPrintable(describe(*report)));
        QCOMPARE(tagPathsOf(*album, pictureAt(*album, QStringLiteral("gone.jpg"))->id), QStringList{"Waiting"});
        QCOMPARE(rawQuery(Album::databasePathFor(album->folder()), QStringLiteral("SELECT count(*) FROM import_problems")),
                 QStringLiteral("0"));
    }

    void albumOfTheLastReleaseMigratesAndTakesSidecars()
    {
        const QString folder = m_dir.filePath(QStringLiteral("Release5"));
        {
            AlbumOptions release5;
            release5.format = *albumFormatWithSteps(albumFormat().steps().mid(0, 5));
            Result<Album> album = Album::create(folder, QStringLiteral("Release 5"), release5);
            QVERIFY2(album, qPrintable(album.error().toString()));
            QCOMPARE(album->schemaVersion(), 5);
            QVERIFY(putPhoto(*album, QStringLiteral("h.jpg"), dated()));
            QVERIFY(album->close());
        }
        // The picture as that release imported it: its file known and
        // unchanged, the sidecar beside it never read.
        const QString database = Album::databasePathFor(folder);
        const QString file = QDir(folder).filePath(QStringLiteral("h.jpg"));
        QCOMPARE(rawQuery(database, QStringLiteral("INSERT INTO pictures (id, uuid, path, added_at, width, height, "
                                                   "file_size, file_mtime, rating) VALUES (7, "
                                                   "'6f1e0c3a-0d6b-4c2e-9a41-0c1d2e3f4a5b', 'h.jpg', 1, 64, 48, %1, %2, 1)")
                                        .arg(QFileInfo(file).size())
                                        .arg(FileTime.toMSecsSinceEpoch())),
                 QString());
        const QString made = writeSidecar(QDir(folder).filePath(QStringLiteral("h.jpg.xmp")),
                                          {"-XMP-dc:Subject=Old sidecar", "-XMP-xmp:Label=Purple"});
        QVERIFY2(made.isEmpty(), qPrintable(made));

        Result<Album> album = Album::open(folder);
        QVERIFY2(album, qPrintable(album.error().toString()));
        QCOMPARE(album->schemaVersion(), albumFormat().latestVersion());
        QCOMPARE(pictureAt(*album, QStringLiteral("h.jpg"))->rating, 1);
        ImportOptions rescan;
        rescan.rescan = true;
        const Result<ImportReport> report = importPictures(*album, rescan);
        QVERIFY2(report && report->updated == 1 && report->sidecars == 1,
                 qPrintable(report ? describe(*report) : report.error().toString()));
        const std::optional<Picture> p = pictureAt(*album, QStringLiteral("h.jpg"));
        QCOMPARE(p->id, qint64(7));
        QCOMPARE(p->colourLabel, ColourLabel::Purple);
        QCOMPARE(tagPathsOf(*album, 7), QStringList{"Old sidecar"});
    }

    // A picture's XMP sidecar goes where the picture goes, in either
    // convention, renamed with it when its name is taken there, and is the
    // destination's record of it; a copy leaves the source's in place.
    void sidecarsTravelWithTheirPictures_data()
    {
        QTest::addColumn<bool>("move");
        QTest::newRow("move") << true;
        QTest::newRow("copy") << false;
    }
    void sidecarsTravelWithTheirPictures()
    {
        QFETCH(bool, move);
        QTemporaryDir dir;
        AlbumRegistry registry(dir.filePath(QStringLiteral("ws")));
        Result<Album> source = registry.create(dir.filePath(QStringLiteral("From")));
        Result<Album> destination = registry.create(dir.filePath(QStringLiteral("To")));
        QVERIFY(source && destination);
        QVERIFY(putPhoto(*source, QStringLiteral("a.jpg"), dated()));
        QString made = writeSidecar(in(*source, QStringLiteral("a.jpg.xmp")), {"-XMP-dc:Subject=Trip"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QVERIFY(putPhoto(*source, QStringLiteral("IMG_1.jpg"), dated()));
        made = writeSidecar(in(*source, QStringLiteral("IMG_1.xmp")), {"-XMP-xmp:Rating=4"});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        // The destination has an a.jpg of its own (a file it has not read yet).
        QVERIFY(putPhoto(*destination, QStringLiteral("a.jpg"), dated()));
        const QByteArray ownBytes = fileBytes(in(*destination, QStringLiteral("a.jpg")));
        const QByteArray tripSidecar = fileBytes(in(*source, QStringLiteral("a.jpg.xmp")));
        Result<ImportReport> imported = importPictures(*source);
        QVERIFY2(imported && imported->sidecars == 2, qPrintable(describe(*imported)));
        const QList<QUuid> pictures{pictureAt(*source, QStringLiteral("a.jpg"))->uuid,
                                    pictureAt(*source, QStringLiteral("IMG_1.jpg"))->uuid};

        Result<TransferReport> report = move ? movePictures(registry, *source, *destination, pictures)
                                             : copyPictures(registry, *source, *destination, pictures);
        QVERIFY2(report, qPrintable(report.error().toString()));

        const std::optional<Picture> a = pictureAt(*destination, QStringLiteral("a (2).jpg"));
        const std::optional<Picture> one = pictureAt(*destination, QStringLiteral("IMG_1.jpg"));
        QVERIFY(a && one);
        QCOMPARE(a->sidecarPath, QStringLiteral("a (2).jpg.xmp"));
        QCOMPARE(fileBytes(in(*destination, QStringLiteral("a (2).jpg.xmp"))), tripSidecar);
        QCOMPARE(tagPathsOf(*destination, a->id), QStringList{QStringLiteral("Trip")});
        QCOMPARE(one->sidecarPath, QStringLiteral("IMG_1.xmp"));
        QVERIFY(QFileInfo::exists(in(*destination, QStringLiteral("IMG_1.xmp"))));
        QCOMPARE(one->rating, 4);
        QCOMPARE(fileBytes(in(*destination, QStringLiteral("a.jpg"))), ownBytes);
        QVERIFY(!QFileInfo::exists(in(*destination, QStringLiteral("a.jpg.xmp")))); // not beside their a.jpg

        for (const char *name : {"a.jpg", "a.jpg.xmp", "IMG_1.jpg", "IMG_1.xmp"})
            QCOMPARE(QFileInfo::exists(in(*source, QString::fromLatin1(name))), !move);
        if (!move)
            QCOMPARE(pictureAt(*source, QStringLiteral("a.jpg"))->sidecarPath, QStringLiteral("a.jpg.xmp"));

        // The destination's rescan reads its own a.jpg and keeps what the
        // sidecars said of the two that arrived.
        ImportOptions rescan;
        rescan.rescan = true;
        Result<ImportReport> again = importPictures(*destination, rescan);
        QVERIFY2(again && again->added == 1 && again->problems.isEmpty(), qPrintable(describe(*again)));
        QCOMPARE(pictureAt(*destination, QStringLiteral("a (2).jpg"))->sidecarPath, QStringLiteral("a (2).jpg.xmp"));
        QCOMPARE(pictureAt(*destination, QStringLiteral("IMG_1.jpg"))->rating, 4);
        QCOMPARE(pictureAt(*destination, QStringLiteral("a.jpg"))->sidecarPath, QString());
        if (move)
            QCOMPARE(again->unchanged, 2); // moved files keep their times: nothing to read again
    }
};

QTEST_GUILESS_MAIN(TestImportSidecars)
#include "tst_import_sidecars.moc"

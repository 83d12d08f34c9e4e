#include "quire/ui/detailpane.h"
#include "quire/album.h"
#include "quire/tags.h"
#include "quire/pictures.h"

#include "quire/ui/albumgate.h"
#include "quire/ui/background.h"
#include "quire/ui/picturedelegate.h"

#include <quire/album_registry.h>
#include <quire/picture_image.h>
#include <quire/session.h>
#include <quire/tags.h>

#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

namespace quire::ui {

namespace {
constexpr int PreviewSize = 320;

// "Red, picked", "None": the words a search takes (label:red pick:picked).
QString marksText(const Picture &p)
{
    QStringList marks;
    if (p.colourLabel != ColourLabel::None)
        marks.append(colourLabelName(p.colourLabel));
    if (p.pick != PickState::None)
        marks.append(pickStateName(p.pick));
    QString text = marks.isEmpty() ? DetailPane::tr("none") : marks.join(QStringLiteral(", "));
    text[0] = text[0].toUpper();
    return text;
}
} // namespace

struct DetailPane::Loaded {
    QString error;
    bool busy = false; // the album is held by a folder operation
    std::optional<Picture> picture; // after a write: the picture as saved
    QStringList tags;
    QStringList allTags;
    QImage preview;
    QString previewError; // why there is no preview, when there is none
    bool withPreview = false;
};

DetailPane::DetailPane(Registry &registry, QWidget *parent)
    : QWidget(parent), m_registry(registry), m_background(new Background(1, this))
{
    m_preview = new QLabel;
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setMinimumSize(PreviewSize * 3 / 4, PreviewSize * 9 / 16);
    m_preview->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("pictureTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_info = new QLabel;
    m_info->setObjectName(QStringLiteral("pictureInfo"));
    m_info->setWordWrap(true);
    m_info->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_rating = new QComboBox;
    m_rating->setObjectName(QStringLiteral("ratingBox"));
    m_rating->addItem(tr("No rating"), 0);
    for (int stars = 1; stars <= 5; ++stars)
        m_rating->addItem(QString(stars, QChar(0x2605)), stars);
    connect(m_rating, &QComboBox::activated, this, [this](int row) { setRating(m_rating->itemData(row).toInt()); });

    m_titleEdit = new QLineEdit;
    m_titleEdit->setObjectName(QStringLiteral("titleEdit"));
    m_titleEdit->setPlaceholderText(tr("No title"));
    connect(m_titleEdit, &QLineEdit::editingFinished, this, [this] {
        // editingFinished comes on Enter and again on leaving the field:
        // only a title that differs from the picture's is an edit.
        if (hasPicture() && m_titleEdit->text().trimmed() != m_picture.title)
            Q_EMIT titleEditRequested(m_titleEdit->text());
    });

    // Set with the keys 6 to 9 and P, X, U (MainWindow); shown here.
    m_marks = new QLabel;
    m_marks->setObjectName(QStringLiteral("marksLabel"));

    m_tagList = new QListWidget;
    m_tagList->setObjectName(QStringLiteral("tagList"));
    m_tagList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tagList->setMaximumHeight(120);

    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_tagEdit = new QLineEdit;
    m_tagEdit->setObjectName(QStringLiteral("tagEdit"));
    m_tagEdit->setPlaceholderText(tr("Add a tag (Places/Beach)"));
    m_tagEdit->setCompleter(m_completer);
    connect(m_tagEdit, &QLineEdit::returnPressed, this, &DetailPane::addFromEdit);
    m_addTag = new QPushButton(tr("Add"));
    m_addTag->setObjectName(QStringLiteral("addTagButton"));
    connect(m_addTag, &QPushButton::clicked, this, &DetailPane::addFromEdit);
    m_removeTag = new QPushButton(tr("Remove"));
    m_removeTag->setObjectName(QStringLiteral("removeTagButton"));
    connect(m_removeTag, &QPushButton::clicked, this, &DetailPane::removeSelected);

    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_tagEdit, 1);
    addRow->addWidget(m_addTag);
    addRow->addWidget(m_removeTag);

    auto *form = new QFormLayout;
    form->addRow(tr("Title"), m_titleEdit);
    form->addRow(tr("Rating"), m_rating);
    form->addRow(tr("Label"), m_marks);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_preview);
    layout->addWidget(m_title);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("<b>Tags</b>")));
    layout->addWidget(m_tagList);
    layout->addLayout(addRow);
    layout->addWidget(m_info, 1);
    clear();
}

DetailPane::~DetailPane()
{
    m_background->waitForDone();
}

QStringList DetailPane::completions() const
{
    return m_completions->stringList();
}

void DetailPane::setEditable(bool editable)
{
    m_rating->setEnabled(editable);
    m_titleEdit->setEnabled(editable);
    m_tagEdit->setEnabled(editable);
    m_addTag->setEnabled(editable);
    m_removeTag->setEnabled(editable);
}

void DetailPane::clear()
{
    ++m_generation;
    m_album = {};
    m_albumName.clear();
    m_picture = {};
    m_tags.clear();
    m_tagList->clear();
    m_completions->setStringList({});
    m_previewImage = {};
    m_preview->setPixmap({});
    m_preview->setToolTip({});
    m_preview->setText(tr("No picture selected"));
    m_title->clear();
    m_info->clear();
    m_rating->setCurrentIndex(0);
    m_marks->clear();
    m_titleEdit->clear();
    setEditable(false);
}

void DetailPane::showPicture(const QUuid &album, const QString &albumName, const Picture &picture)
{
    const bool same = album == m_album && picture.id == m_picture.id;
    m_album = album;
    m_albumName = albumName;
    m_picture = picture;
    showInfo();
    setEditable(true);
    if (!same) {
        ++m_generation;
        m_tags.clear();
        m_tagList->clear();
        m_previewImage = {};
        m_preview->setPixmap({});
        m_preview->setToolTip({});
        m_preview->setText(tr("Loading..."));
        load(true);
    }
}

void DetailPane::showInfo()
{
    const Picture &p = m_picture;
    m_title->setText(tr("<b>%1</b><br>in %2")
                         .arg(QFileInfo(p.path).fileName().toHtmlEscaped(), m_albumName.toHtmlEscaped()));
    m_rating->setCurrentIndex(qBound(0, p.rating, 5));
    m_marks->setText(marksText(p));
    if (!m_titleEdit->hasFocus() || m_titleEdit->text().trimmed() == p.title)
        m_titleEdit->setText(p.title); // never under a person's typing

    QList<QPair<QString, QString>> rows;
    const QLocale locale;
    if (p.takenAt.isValid()) {
        QString taken = locale.toString(p.takenAt.toLocalTime(), QLocale::LongFormat);
        if (p.takenAtGuessed)
            taken += tr(" (file date)");
        rows.append({tr("Taken"), taken});
    }
    if (p.width > 0 && p.height > 0)
        rows.append({tr("Size"), tr("%1 \u00d7 %2").arg(p.width).arg(p.height)});
    if (p.kind == PictureKind::Video) {
        if (p.durationMs)
            rows.append({tr("Duration"), PictureDelegate::durationText(*p.durationMs)});
        QStringList video{p.videoCodec};
        if (p.frameRate)
            video.append(tr("%1 fps").arg(*p.frameRate, 0, 'g', 4));
        if (!p.audioCodec.isEmpty())
            video.append(tr("sound %1").arg(p.audioCodec));
        rows.append({tr("Video"), video.join(QStringLiteral(", "))});
    }
    if (p.fileSize > 0)
        rows.append({tr("File"), locale.formattedDataSize(p.fileSize)});
    const QString camera = QStringList{p.cameraMake, p.cameraModel}.join(QLatin1Char(' ')).trimmed();
    if (!camera.isEmpty())
        rows.append({tr("Camera"), camera});
    if (!p.lens.isEmpty())
        rows.append({tr("Lens"), p.lens});
    if (p.exposureTime) {
        const double t = *p.exposureTime;
        rows.append({tr("Exposure"), t > 0 && t < 1 ? tr("1/%1 s").arg(qRound(1.0 / t)) : tr("%1 s").arg(t)});
    }
    if (p.fNumber)
        rows.append({tr("Aperture"), tr("f/%1").arg(*p.fNumber, 0, 'g', 3)});
    if (p.iso)
        rows.append({tr("ISO"), QString::number(*p.iso)});
    if (p.focalLength)
        rows.append({tr("Focal length"), tr("%1 mm").arg(*p.focalLength, 0, 'g', 4)});
    if (p.gps)
        rows.append({tr("Position"), tr("%1, %2").arg(p.gps->latitude, 0, 'f', 5).arg(p.gps->longitude, 0, 'f', 5)});
    rows.append({tr("Path"), QDir::toNativeSeparators(p.path)});
    if (p.state == PictureState::Missing)
        rows.append({tr("State"), tr("the file is missing")});

    QString html = QStringLiteral("<table cellspacing=\"2\">");
    for (const auto &[name, value] : rows) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_info->setText(html);
}

void DetailPane::load(bool withPreview)
{
    const quint64 generation = m_generation;
    const QUuid albumUuid = m_album;
    const qint64 pictureId = m_picture.id;
    const QString path = m_picture.path;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    ++m_pending;
    m_background->run(
        this,
        [registry, gate, albumUuid, pictureId, path, withPreview]() -> Loaded {
            Loaded result;
            result.withPreview = withPreview;
            AlbumGate::ReadLock lock;
            Result<Album> album = AlbumGate::open(*registry, gate.get(), albumUuid, lock);
            if (!album) {
                result.error = album.error().toString();
                result.busy = album.error().code() == ErrorCode::Busy;
                return result;
            }
            if (withPreview) {
                // The importer's decoder: HEIC/AVIF through libheif, RAW through
                // its preview, upright by the same rule as the thumbnails.
                Result<QImage> preview = readPictureImage(QDir(album->folder()).filePath(path), PreviewSize);
                if (preview)
                    result.preview = std::move(*preview);
                else
                    result.previewError = preview.error().message();
            }
            Result<Session> session = album->session(Access::Read, QStringLiteral("detail pane"));
            if (!session) {
                result.error = session.error().toString();
                return result;
            }
            if (Result<QList<Tag>> tags = quire::Tags(*session).of(pictureId)) {
                for (const Tag &tag : *tags)
                    result.tags.append(tag.path);
            }
            if (Result<QList<Tag>> all = quire::Tags(*session).all()) {
                for (const Tag &tag : *all)
                    result.allTags.append(tag.path);
            }
            result.tags.sort(Qt::CaseInsensitive);
            result.allTags.sort(Qt::CaseInsensitive);
            return result;
        },
        [this, generation](Loaded result) { loaded(generation, result); });
}

void DetailPane::loaded(quint64 generation, const Loaded &result)
{
    --m_pending;
    if (generation != m_generation)
        return;
    if (!result.error.isEmpty()) {
        m_preview->setText(tr("Cannot be read"));
        if (!result.busy) // the pane is cleared when the operation is done
            Q_EMIT errorOccurred(result.error);
        return;
    }
    if (result.picture) {
        m_picture = *result.picture;
        showInfo();
        Q_EMIT pictureChanged(m_album, m_picture);
    }
    if (result.withPreview) {
        if (result.preview.isNull()) {
            m_preview->setText(tr("No preview: the file cannot be read"));
            m_preview->setToolTip(result.previewError); // the cause, for whoever asks
        } else {
            m_previewImage = result.preview;
            fitPreview();
        }
        Q_EMIT previewShown();
    }
    m_tags = result.tags;
    m_tagList->clear();
    m_tagList->addItems(m_tags);
    m_completions->setStringList(result.allTags);
    Q_EMIT tagsChanged();
}

void DetailPane::fitPreview()
{
    if (m_previewImage.isNull())
        return;
    const int width = qMax(32, m_preview->width() - 4);
    const QImage fitted = m_previewImage.width() > width
                              ? m_previewImage.scaledToWidth(width, Qt::SmoothTransformation)
                              : m_previewImage;
    m_preview->setPixmap(QPixmap::fromImage(fitted));
}

void DetailPane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitPreview();
}

void DetailPane::addFromEdit()
{
    const QString path = m_tagEdit->text().trimmed();
    if (path.isEmpty())
        return;
    m_tagEdit->clear();
    if (m_routeTagEdits) {
        if (hasPicture())
            Q_EMIT tagEditRequested(path, true);
        return;
    }
    addTag(path);
}

void DetailPane::removeSelected()
{
    const QList<QListWidgetItem *> selected = m_tagList->selectedItems();
    for (QListWidgetItem *item : selected) {
        if (m_routeTagEdits)
            Q_EMIT tagEditRequested(item->text(), false);
        else
            removeTag(item->text());
    }
}

void DetailPane::setSelectionSize(int selected)
{
    m_tagEdit->setPlaceholderText(selected > 1 ? tr("Add a tag to the %1 selected pictures").arg(selected)
                                               : tr("Add a tag (Places/Beach)"));
    m_removeTag->setText(selected > 1 ? tr("Remove from all") : tr("Remove"));
}

void DetailPane::reloadTags()
{
    if (hasPicture())
        load(false);
}

void DetailPane::changeTags(const QString &failure, std::function<Result<void>(Session &, qint64)> change)
{
    const QUuid albumUuid = m_album;
    const qint64 pictureId = m_picture.id;
    const quint64 generation = m_generation;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    ++m_pending;
    m_background->run(
        this,
        [registry, gate, albumUuid, pictureId, change]() -> Result<void> {
            AlbumGate::ReadLock lock;
            Result<Album> album = AlbumGate::open(*registry, gate.get(), albumUuid, lock);
            if (!album)
                return album.error();
            Result<Session> session = album->session(Access::Write, QStringLiteral("tagging"));
            if (!session)
                return session.error();
            return change(*session, pictureId);
        },
        [this, generation, failure](Result<void> changed) {
            --m_pending;
            // A change kept whose sidecar could not follow says so alone.
            if (!changed)
                Q_EMIT errorOccurred(changed.error().changeKept()
                                         ? changed.error().toString()
                                         : QStringLiteral("%1 %2").arg(failure, changed.error().toString()));
            if (generation == m_generation)
                load(false);
        });
}

void DetailPane::addTag(const QString &path)
{
    const QString tagPath = path.trimmed();
    if (!hasPicture() || tagPath.isEmpty())
        return;
    changeTags(tr("The tag could not be added."), [tagPath](Session &session, qint64 pictureId) -> Result<void> {
        Result<Tag> tag = quire::Tags(session).ensure(tagPath);
        if (!tag)
            return tag.error();
        return quire::Tags(session).attach({pictureId}, tag->id);
    });
}

void DetailPane::removeTag(const QString &path)
{
    if (!hasPicture())
        return;
    changeTags(tr("The tag could not be removed."), [path](Session &session, qint64 pictureId) -> Result<void> {
        Result<std::optional<Tag>> tag = quire::Tags(session).byPath(path);
        if (!tag)
            return tag.error();
        if (!*tag)
            return {};
        return quire::Tags(session).detach({pictureId}, (*tag)->id);
    });
}

void DetailPane::setRating(int rating)
{
    if (!hasPicture() || rating == m_picture.rating)
        return;
    const QUuid albumUuid = m_album;
    const qint64 pictureId = m_picture.id;
    const quint64 generation = m_generation;
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    ++m_pending;
    m_background->run(
        this,
        [registry, gate, albumUuid, pictureId, rating]() -> Loaded {
            Loaded result;
            AlbumGate::ReadLock lock;
            Result<Album> album = AlbumGate::open(*registry, gate.get(), albumUuid, lock);
            if (!album) {
                result.error = album.error().toString();
                return result;
            }
            Result<Session> session = album->session(Access::Write, QStringLiteral("rating"));
            if (!session) {
                result.error = session.error().toString();
                return result;
            }
            Result<std::optional<Picture>> picture = quire::Pictures(*session).byId(pictureId);
            if (!picture || !*picture) {
                result.error = picture ? tr("The picture is no longer in the album.") : picture.error().toString();
                return result;
            }
            Picture changed = **picture;
            changed.rating = rating;
            if (Result<void> updated = quire::Pictures(*session).update(changed); !updated) {
                result.error = updated.error().toString();
                if (!updated.error().changeKept())
                    return result;
                // Saved, though its sidecar could not follow: shown as rated.
            }
            result.picture = changed;
            return result;
        },
        [this, generation](Loaded result) {
            --m_pending;
            if (!result.error.isEmpty() && result.picture) {
                Q_EMIT errorOccurred(result.error);
            } else if (!result.error.isEmpty()) {
                Q_EMIT errorOccurred(tr("The rating could not be saved. %1").arg(result.error));
                if (generation == m_generation)
                    m_rating->setCurrentIndex(qBound(0, m_picture.rating, 5));
                return;
            }
            if (generation != m_generation)
                return;
            m_picture = *result.picture;
            showInfo();
            Q_EMIT pictureChanged(m_album, m_picture);
        });
}

} // namespace quire::ui

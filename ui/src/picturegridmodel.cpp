#include "quire/ui/picturegridmodel.h"
#include "quire/album.h"
#include "quire/pictures.h"

#include "quire/ui/albumgate.h"
#include "quire/ui/background.h"
#include "quire/ui/thumbnailloader.h"

#include <quire/album_registry.h>
#include <quire/search.h>
#include <quire/session.h>

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMimeData>

namespace quire::ui {

namespace {
struct Page {
    QList<Picture> pictures;
    QString error;
    bool busy = false; // the album is held by a folder operation: not an error
};
} // namespace

PictureGridModel::PictureGridModel(Registry &registry, ThumbnailLoader *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_registry(registry), m_thumbnails(thumbnails),
      m_background(new Background(1, this))
{
    m_placeholder = QPixmap(ThumbnailLoader::Size, ThumbnailLoader::Size * 3 / 4);
    m_placeholder.fill(QColor(0xe4, 0xe4, 0xe4));
    if (m_thumbnails)
        connect(m_thumbnails, &ThumbnailLoader::loaded, this, &PictureGridModel::thumbnailArrived);
}

PictureGridModel::~PictureGridModel()
{
    m_background->waitForDone();
}

void PictureGridModel::clear()
{
    beginResetModel();
    ++m_generation;
    m_items.clear();
    m_rows.clear();
    m_album = {};
    m_albumName.clear();
    m_albumFolder.clear();
    m_albumNames = false;
    m_fetching = false;
    m_complete = true;
    endResetModel();
}

void PictureGridModel::showAlbum(const QUuid &album, const QString &name, const QString &folder)
{
    clear();
    m_album = album;
    m_albumName = name;
    m_albumFolder = folder;
    m_complete = album.isNull();
    if (!m_complete)
        fetchMore({});
}

void PictureGridModel::setFilter(const PictureFilter &filter)
{
    m_filter = filter;
    reload();
}

void PictureGridModel::reload()
{
    if (m_album.isNull())
        return;
    showAlbum(QUuid(m_album), QString(m_albumName), QString(m_albumFolder));
}

void PictureGridModel::showHits(const QList<SearchHit> &hits)
{
    clear();
    beginResetModel();
    m_albumNames = true;
    m_items.reserve(hits.size());
    for (const SearchHit &hit : hits)
        m_items.append(Item{hit.albumUuid, hit.albumName, hit.albumFolder, hit.picture});
    reindex(0);
    endResetModel();
}

void PictureGridModel::reindex(int from)
{
    for (int row = from; row < m_items.size(); ++row)
        m_rows.insert({m_items.at(row).albumUuid, m_items.at(row).picture.id}, row);
}

int PictureGridModel::rowOfPicture(const QUuid &album, qint64 pictureId) const
{
    return m_rows.value({album, pictureId}, -1);
}

void PictureGridModel::updatePicture(const QUuid &album, const Picture &picture)
{
    const int row = rowOfPicture(album, picture.id);
    if (row < 0)
        return;
    m_items[row].picture = picture;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
}

int PictureGridModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

bool PictureGridModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_complete && !m_fetching;
}

void PictureGridModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    const quint64 generation = m_generation;
    const QUuid albumUuid = m_album;
    const int offset = int(m_items.size());
    Registry *registry = &m_registry;
    std::shared_ptr<AlbumGate> gate = m_gate;
    m_background->run(
        this,
        [registry, albumUuid, offset, gate, filter = m_filter]() mutable -> Page {
            AlbumGate::ReadLock lock;
            Result<Album> album = AlbumGate::open(*registry, gate.get(), albumUuid, lock);
            if (!album)
                return {{}, album.error().toString(), album.error().code() == ErrorCode::Busy};
            Result<Session> session = album->session(Access::Read, QStringLiteral("picture grid"));
            if (!session)
                return {{}, session.error().toString()};
            filter.limit = PageSize;
            filter.offset = offset;
            Result<QList<Picture>> pictures = quire::Pictures(*session).query(filter);
            if (!pictures)
                return {{}, pictures.error().toString()};
            return {std::move(*pictures), {}};
        },
        [this, generation](Page page) {
            if (page.busy && generation == m_generation) {
                // Shown again (from the start) when the operation is done.
                m_fetching = false;
                return;
            }
            pageArrived(generation, page.pictures, page.error);
        });
}

void PictureGridModel::pageArrived(quint64 generation, const QList<Picture> &pictures, const QString &error)
{
    if (generation != m_generation)
        return; // the model shows something else by now
    if (!error.isEmpty()) {
        m_fetching = false;
        m_complete = true;
        Q_EMIT loadFailed(error);
        return;
    }
    if (pictures.size() < PageSize)
        m_complete = true;
    if (!pictures.isEmpty()) {
        const int first = int(m_items.size());
        beginInsertRows({}, first, first + int(pictures.size()) - 1);
        for (const Picture &picture : pictures)
            m_items.append(Item{m_album, m_albumName, m_albumFolder, picture});
        reindex(first);
        endInsertRows();
    }
    // Only now: a view reacting to the new rows must not ask for the same
    // page again.
    m_fetching = false;
    Q_EMIT pageLoaded(int(pictures.size()));
}

void PictureGridModel::thumbnailArrived(const QUuid &album, qint64 pictureId)
{
    const int row = rowOfPicture(album, pictureId);
    if (row < 0)
        return;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole});
}

QVariant PictureGridModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &item = m_items.at(index.row());
    const Picture &picture = item.picture;
    switch (role) {
    case Qt::DisplayRole: {
        const QString file = QFileInfo(picture.path).fileName();
        return m_albumNames ? tr("%1\n%2").arg(file, item.albumName) : file;
    }
    case Qt::DecorationRole: {
        if (!m_thumbnails)
            return m_placeholder;
        const QPixmap pixmap = m_thumbnails->thumbnail(item.albumUuid, picture.id);
        return pixmap.isNull() ? m_placeholder : pixmap;
    }
    case Qt::ToolTipRole: {
        QString tip = QDir::toNativeSeparators(picture.path);
        if (m_albumNames)
            tip += tr("\nin the album %1").arg(item.albumName);
        if (picture.takenAt.isValid())
            tip += QLatin1Char('\n') + QLocale().toString(picture.takenAt.toLocalTime(), QLocale::ShortFormat);
        return tip;
    }
    case PictureIdRole:
        return picture.id;
    case PictureUuidRole:
        return picture.uuid;
    case PathRole:
        return picture.path;
    case AlbumUuidRole:
        return item.albumUuid;
    case AlbumNameRole:
        return item.albumName;
    case AlbumFolderRole:
        return item.albumFolder;
    case KindRole:
        return int(picture.kind);
    case DurationRole:
        return picture.durationMs ? QVariant(*picture.durationMs) : QVariant();
    case ColourLabelRole:
        return int(picture.colourLabel);
    case PickRole:
        return int(picture.pick);
    default:
        return {};
    }
}

Qt::ItemFlags PictureGridModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList PictureGridModel::mimeTypes() const
{
    return {pictureMimeType()};
}

QMimeData *PictureGridModel::mimeData(const QModelIndexList &indexes) const
{
    QList<PictureRef> refs;
    for (const QModelIndex &index : indexes) {
        if (!index.isValid() || index.model() != this)
            continue;
        const Item &item = m_items.at(index.row());
        const PictureRef ref{item.albumUuid, item.picture.uuid};
        if (!refs.contains(ref))
            refs.append(ref);
    }
    return refs.isEmpty() ? nullptr : encodePictureRefs(refs);
}

Qt::DropActions PictureGridModel::supportedDragActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

} // namespace quire::ui

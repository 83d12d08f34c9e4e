#include "quire/ui/albumlistmodel.h"
#include "quire/album.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMimeData>
#include <QStyle>

namespace quire::ui {

AlbumListModel::AlbumListModel(QObject *parent) : QAbstractListModel(parent) {}

void AlbumListModel::setEntries(QList<CatalogEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int AlbumListModel::rowOf(const QUuid &uuid) const
{
    for (qsizetype row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).uuid == uuid)
            return int(row);
    }
    return -1;
}

void AlbumListModel::rowChanged(const QUuid &uuid)
{
    const int row = rowOf(uuid);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row));
}

void AlbumListModel::setPictureCount(const QUuid &uuid, int count)
{
    if (m_counts.value(uuid, -1) == count)
        return;
    m_counts.insert(uuid, count);
    rowChanged(uuid);
}

void AlbumListModel::forgetPictureCount(const QUuid &uuid)
{
    if (m_counts.remove(uuid))
        rowChanged(uuid);
}

void AlbumListModel::setOpen(const QSet<QUuid> &open)
{
    if (open == m_open)
        return;
    m_open = open;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_entries.size()) - 1));
}

void AlbumListModel::setBusy(const QUuid &uuid, bool busy)
{
    if (busy == m_busy.contains(uuid))
        return;
    if (busy)
        m_busy.insert(uuid);
    else
        m_busy.remove(uuid);
    rowChanged(uuid);
}

int AlbumListModel::rowCount(const QModelIndex &parent) const
{
    // A list: only the invisible root has children.
    return parent.isValid() ? 0 : int(m_entries.size());
}

QString AlbumListModel::status(const CatalogEntry &entry) const
{
    QStringList parts;
    if (m_counts.contains(entry.uuid)) {
        const int count = m_counts.value(entry.uuid);
        parts.append(count == 1 ? tr("1 picture") : tr("%1 pictures").arg(count));
    }
    if (m_busy.contains(entry.uuid))
        parts.append(tr("busy"));
    else if (entry.state == AlbumState::Available)
        parts.append(m_open.contains(entry.uuid) ? tr("open") : tr("closed"));
    else
        parts.append(Registry::stateName(entry.state));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QVariant AlbumListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CatalogEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (entry.state == AlbumState::Available)
            return displayName(entry);
        return tr("%1 (%2)").arg(displayName(entry), Registry::stateName(entry.state));
    case Qt::DecorationRole:
        return icon(entry.state);
    case Qt::ToolTipRole:
        if (!entry.problem.isEmpty())
            return tr("%1\n%2").arg(QDir::toNativeSeparators(entry.folder), entry.problem);
        return QDir::toNativeSeparators(entry.folder);
    case NameRole:
        return entry.name;
    case FolderRole:
        return entry.folder;
    case StateRole:
        return Registry::stateName(entry.state);
    case UuidRole:
        return entry.uuid;
    case CountRole:
        return m_counts.contains(entry.uuid) ? QVariant(m_counts.value(entry.uuid)) : QVariant();
    case OpenRole:
        return m_open.contains(entry.uuid);
    case BusyRole:
        return m_busy.contains(entry.uuid);
    case StatusRole:
        return status(entry);
    default:
        return {};
    }
}

QHash<int, QByteArray> AlbumListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(FolderRole, "folder");
    names.insert(StateRole, "state");
    names.insert(UuidRole, "uuid");
    names.insert(CountRole, "count");
    names.insert(OpenRole, "open");
    names.insert(BusyRole, "busy");
    names.insert(StatusRole, "status");
    return names;
}

Qt::ItemFlags AlbumListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid() && m_entries.at(index.row()).state == AlbumState::Available)
        flags |= Qt::ItemIsDropEnabled;
    return flags;
}

QStringList AlbumListModel::mimeTypes() const
{
    return {pictureMimeType()};
}

Qt::DropActions AlbumListModel::supportedDropActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

bool AlbumListModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                     const QModelIndex &parent) const
{
    Q_UNUSED(row);
    Q_UNUSED(column);
    // Only onto an album (not between rows), and only pictures from others.
    if (!parent.isValid() || (action != Qt::MoveAction && action != Qt::CopyAction))
        return false;
    if (!(flags(parent) & Qt::ItemIsDropEnabled) || m_busy.contains(m_entries.at(parent.row()).uuid))
        return false;
    const QUuid target = m_entries.at(parent.row()).uuid;
    const QList<PictureRef> refs = decodePictureRefs(data);
    for (const PictureRef &ref : refs) {
        if (ref.album != target)
            return true;
    }
    return false;
}

bool AlbumListModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                  const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    Q_EMIT picturesDropped(m_entries.at(parent.row()).uuid, decodePictureRefs(data), action);
    // The pictures leave their grid when the move is done, not through the
    // view removing the dragged rows (the move may yet be refused).
    return true;
}

QIcon AlbumListModel::icon(AlbumState state)
{
    // Icons come from the widget style: a model used without a QApplication
    // (headless) has none.
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return {};
    QStyle *style = QApplication::style();
    switch (state) {
    case AlbumState::Available:
    case AlbumState::ReadOnly:
        return QIcon::fromTheme(QStringLiteral("folder-pictures"), style->standardIcon(QStyle::SP_DirIcon));
    case AlbumState::Missing:
    case AlbumState::Damaged:
    case AlbumState::Locked:
        break;
    }
    return QIcon::fromTheme(QStringLiteral("dialog-warning"), style->standardIcon(QStyle::SP_MessageBoxWarning));
}

QString AlbumListModel::displayName(const CatalogEntry &entry)
{
    if (!entry.name.trimmed().isEmpty())
        return entry.name;
    return QFileInfo(entry.folder).fileName();
}

} // namespace quire::ui

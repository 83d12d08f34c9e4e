#include "quire/ui/albumlistmodel.h"

#include <QDir>
#include <QApplication>
#include <QFileInfo>
#include <QIcon>
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

int AlbumListModel::rowCount(const QModelIndex &parent) const
{
    // A list: only the invisible root has children.
    return parent.isValid() ? 0 : int(m_entries.size());
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
        return QDir::toNativeSeparators(entry.folder);
    case NameRole:
        return entry.name;
    case FolderRole:
        return entry.folder;
    case StateRole:
        return Registry::stateName(entry.state);
    case UuidRole:
        return entry.uuid;
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
    return names;
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

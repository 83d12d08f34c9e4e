#pragma once
// AlbumListModel: the workspace's albums (the registry's catalog) as a flat
// list, one row per album, for the sidebar.
//
// The model holds a copy of the catalog entries; call setEntries() again
// after the catalog changes. It never touches the albums themselves.

#include <quire/registry.h>

#include <QAbstractListModel>
#include <QIcon>
#include <QList>

namespace quire::ui {

class AlbumListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole + 1, // QString: the album's name
        FolderRole,                  // QString: its folder, absolute
        StateRole,                   // QString: Registry::stateName() ("missing")
        UuidRole,                    // QUuid
    };
    Q_ENUM(Role)

    explicit AlbumListModel(QObject *parent = nullptr);

    void setEntries(QList<CatalogEntry> entries);
    const QList<CatalogEntry> &entries() const { return m_entries; }
    // The row of the album with this uuid, -1 when it is not listed.
    int rowOf(const QUuid &uuid) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // What the list shows for an album: its name, else its folder's name.
    static QString displayName(const CatalogEntry &entry);
    // A folder for an album that can be opened, a warning sign for the others.
    static QIcon icon(AlbumState state);

private:
    QList<CatalogEntry> m_entries;
};

} // namespace quire::ui

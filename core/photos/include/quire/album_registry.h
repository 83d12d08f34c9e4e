#pragma once
// AlbumRegistry: a Registry of photo albums. It opens tenants of the album
// format and finishes or undoes picture transfers a crash interrupted
// (quire/transfer.h) whenever it opens an album that records one.

#include "quire/album.h"
#include "quire/registry.h"

#include <memory>

namespace quire {

namespace detail {
struct KeptIndex;
std::shared_ptr<KeptIndex> keptIndexOf(Registry &registry);
} // namespace detail

class QUIRE_CORE_EXPORT AlbumRegistry : public Registry
{
    Q_OBJECT
public:
    explicit AlbumRegistry(const QString &workspaceFolder, QObject *parent = nullptr);
    AlbumRegistry(const QString &workspaceFolder, const RegistryOptions &options, QObject *parent = nullptr);
    // Albums of another version of the album format (albumFormatWithSteps).
    AlbumRegistry(const TenantFormat &format, const QString &workspaceFolder, const RegistryOptions &options = {},
                  QObject *parent = nullptr);
    ~AlbumRegistry() override;

    // The RegistryOptions an album registry runs with: recoverOnOpen set to
    // picture-transfer recovery (for a plain Registry on albums).
    static RegistryOptions albumOptions(RegistryOptions options = {});

private:
    friend std::shared_ptr<detail::KeptIndex> detail::keptIndexOf(Registry &registry);
    // The workspace index this registry's searches share, kept open
    // between them (index/kept_index.h); destroyed with the registry,
    // before the Registry it reads.
    std::shared_ptr<detail::KeptIndex> m_keptIndex;
};

} // namespace quire

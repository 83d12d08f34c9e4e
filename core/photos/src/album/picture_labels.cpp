#include "quire/picture_labels.h"

#include <array>

namespace quire {

namespace {

// In the enums' order: the album stores these words, so they never change.
constexpr std::array<const char *, 6> LabelNames = {"none", "red", "yellow", "green", "blue", "purple"};
constexpr std::array<const char *, 3> PickNames = {"none", "picked", "rejected"};

template <typename Enum, size_t N>
std::optional<Enum> named(const std::array<const char *, N> &names, const QString &name)
{
    const QString word = name.trimmed();
    for (size_t i = 0; i < N; ++i) {
        if (word.compare(QLatin1String(names[i]), Qt::CaseInsensitive) == 0)
            return Enum(i);
    }
    return std::nullopt;
}

} // namespace

QString colourLabelName(ColourLabel label)
{
    const auto i = size_t(label);
    return QLatin1String(i < LabelNames.size() ? LabelNames[i] : LabelNames[0]);
}

std::optional<ColourLabel> colourLabelNamed(const QString &name)
{
    return named<ColourLabel>(LabelNames, name);
}

QString pickStateName(PickState pick)
{
    const auto i = size_t(pick);
    return QLatin1String(i < PickNames.size() ? PickNames[i] : PickNames[0]);
}

std::optional<PickState> pickStateNamed(const QString &name)
{
    return named<PickState>(PickNames, name);
}

} // namespace quire

#pragma once
// A picture's colour label and pick state, and the words for them that the
// album stores, quirectl prints and a search types ("label:red", "picked").

#include "quire/export.h"

#include <QString>

#include <optional>

namespace quire {

// Lightroom's five labels; digiKam's magenta is purple here, and its
// orange, grey, black and white have no place (the importer says so).
enum class ColourLabel {
    None = 0,
    Red,
    Yellow,
    Green,
    Blue,
    Purple,
};

// Picked or rejected, as in digiKam's pick labels and Lightroom's flags;
// xmp:Rating -1 is Lightroom's way of writing "rejected" into XMP.
enum class PickState {
    None = 0,
    Picked,
    Rejected,
};

// "none", "red", ... "purple".
QUIRE_CORE_EXPORT QString colourLabelName(ColourLabel label);
// The label a word names, any case; empty for a word that names none.
QUIRE_CORE_EXPORT std::optional<ColourLabel> colourLabelNamed(const QString &name);

// "none", "picked", "rejected".
QUIRE_CORE_EXPORT QString pickStateName(PickState pick);
QUIRE_CORE_EXPORT std::optional<PickState> pickStateNamed(const QString &name);

} // namespace quire

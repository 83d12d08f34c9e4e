#pragma once
// Symbol visibility for libquire_core.

#include <QtGlobal>

#if defined(QUIRE_CORE_BUILDING)
#  define QUIRE_CORE_EXPORT Q_DECL_EXPORT
#else
#  define QUIRE_CORE_EXPORT Q_DECL_IMPORT
#endif

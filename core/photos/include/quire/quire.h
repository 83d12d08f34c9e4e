#pragma once
// Everything a program embedding Quire's core needs: the tenant engine and
// the photo album format on it.

// The engine
#include "quire/connection.h"
#include "quire/error.h"
#include "quire/folders.h"
#include "quire/folders_move.h"
#include "quire/format.h"
#include "quire/process_tuning.h"
#include "quire/registry.h"
#include "quire/repair.h"
#include "quire/rows.h"
#include "quire/session.h"
#include "quire/statement.h"
#include "quire/tenant.h"
#include "quire/transaction.h"

// The photo album
#include "quire/album.h"
#include "quire/album_folders.h"
#include "quire/album_registry.h"
#include "quire/duplicates.h"
#include "quire/import.h"
#include "quire/photo_metadata.h"
#include "quire/picture.h"
#include "quire/picture_labels.h"
#include "quire/pictures.h"
#include "quire/search.h"
#include "quire/tag.h"
#include "quire/tags.h"
#include "quire/transfer.h"

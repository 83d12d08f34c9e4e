#pragma once
// Everything a program embedding Quire's core needs.

#include "quire/album.h"
#include "quire/connection.h"
#include "quire/error.h"
#include "quire/folders.h"
#include "quire/format.h"
#include "quire/picture.h"
#include "quire/pictures.h"
#include "quire/registry.h"
#include "quire/search.h"
#include "quire/session.h"
#include "quire/statement.h"
#include "quire/tag.h"
#include "quire/tags.h"
#include "quire/transaction.h"
#include "quire/transfer.h"

// The child side of tst_row_transfer's crash tests: moves (or copies)
// entries between two customer tenants through a Registry, so the parent
// can kill it at any step boundary with QUIRE_CRASH_AT=n.
//   row_transfer_child move|copy WORKSPACE SOURCE DESTINATION UUID[:RECEIPT]...
// Exit 0 when the transfer finished, 1 when it failed, 2 on bad arguments.

#include "customer_format.h"

#include <quire/registry.h>

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 6)
        return 2;
    const quire::RowMover mover = quire::test::entriesMover();
    quire::Registry registry(quire::test::customerFormat(), args.at(2),
                             quire::withRowTransfers(quire::RegistryOptions(), {mover}));
    quire::Result<quire::Tenant> source = registry.open(args.at(3));
    quire::Result<quire::Tenant> destination = source ? registry.open(args.at(4)) : source;
    if (!destination) {
        std::fprintf(stderr, "%s\n", qPrintable(destination.error().toString()));
        return 1;
    }
    quire::RowTransfer transfer;
    transfer.mover = mover.name;
    for (const QString &item : args.mid(5)) {
        const QStringList parts = item.split(QLatin1Char(':'));
        transfer.keys.append(parts.first());
        if (parts.size() > 1)
            transfer.files.append(parts.at(1));
    }
    const quire::Result<quire::RowTransferReport> done = args.at(1) == QLatin1String("copy")
        ? quire::copyRows(registry, *source, *destination, mover, transfer)
        : quire::moveRows(registry, *source, *destination, mover, transfer);
    if (!done) {
        std::fprintf(stderr, "%s\n", qPrintable(done.error().toString()));
        return 1;
    }
    return 0;
}

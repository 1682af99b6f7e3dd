using Akka.Actor;

namespace ActorNet.VectorStore;

/// <summary>
/// The catalog of the store's keys and lengths (the one entity <see cref="VectorStoreExtractor.CatalogId"/>), which
/// snapshots list. Small, so on a hand-off it travels as an Akka message: it sends its entries to its next
/// incarnation through another member's region, where they are merged with whatever was added meanwhile.
/// </summary>
internal sealed class CatalogEntity : ReceiveActor
{
    private readonly Dictionary<string, int> _entries = new(StringComparer.Ordinal);

    public CatalogEntity(VectorStoreHost host)
    {
        Receive<CatalogAdd>(add =>
        {
            _entries[add.Key] = add.Length;
            Sender.Tell(new CatalogAck(add.Key));
        });
        Receive<CatalogRemove>(remove =>
        {
            _entries.Remove(remove.Key);
            Sender.Tell(new CatalogAck(remove.Key));
        });
        Receive<CatalogList>(_ => Sender.Tell(new CatalogEntries(new Dictionary<string, int>(_entries, StringComparer.Ordinal))));
        Receive<CatalogEntries>(merge =>
        {
            foreach (var (key, length) in merge.Entries) _entries.TryAdd(key, length);
        });
        Receive<VectorStoreHandOff>(_ =>
        {
            if (_entries.Count > 0) host.Wake(new CatalogEntries(new Dictionary<string, int>(_entries, StringComparer.Ordinal)));
            Context.Stop(Self);
        });
    }
}

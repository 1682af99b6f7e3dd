namespace ActorNet.Actors.Serialization;

/// <summary>
/// A message holding arrays its sender lent it rather than copied (the vector store's slice values): once nobody reads
/// them through the message any more, <see cref="Release"/> lets the sender reuse them. The transport calls it when the
/// message's bytes are all written to the connection; a local receiver calls it when it has copied what it needs. A
/// message that is never released (dropped, dead-lettered, or kept by its receiver) leaves its arrays to the collector,
/// which is always safe. Release a message at most once.
/// </summary>
internal interface ILentArrays
{
    /// <summary>Nothing reads the message's arrays any more.</summary>
    void Release();
}

namespace ActorNet.DataPlane;

/// <summary>
/// A reply: a small header and a body. On the sending side <see cref="Release"/>, when set, is called exactly once when
/// nothing reads the body's array any more (its bytes are all written, or the reply was dropped because the caller gave up
/// or the connection closed), so a lent or pooled array can be reused. On the receiving side the body is the caller's.
/// </summary>
public sealed class BlockReply
{
    /// <summary>A reply of <paramref name="header"/> and <paramref name="body"/>, with <paramref name="release"/> to call once the body is written.</summary>
    public BlockReply(ReadOnlyMemory<byte> header, BlockBody body = default, Action? release = null)
    {
        Header = header;
        Body = body;
        Release = release;
    }

    /// <summary>The reply's small description.</summary>
    public ReadOnlyMemory<byte> Header { get; }

    /// <summary>The reply's body. Received: a float body lies in the caller's <see cref="ReplyLanding"/> (<see cref="Landed"/>) or in a pooled array.</summary>
    public BlockBody Body { get; }

    /// <summary>Sending side: called once when the body's array is no longer read (null: nothing to tell).</summary>
    public Action? Release { get; }

    /// <summary>Receiving side: the float body was read straight into the request's <see cref="ReplyLanding"/> (it is that segment).</summary>
    public bool Landed { get; init; }
}

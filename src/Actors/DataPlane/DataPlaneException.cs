namespace ActorNet.DataPlane;

/// <summary>
/// A request failed: the peer's handler threw (the exception's message carries its message), the peer has no such service,
/// the connection could not be made or authenticated, or it was lost before the reply arrived whole.
/// </summary>
public sealed class DataPlaneException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public DataPlaneException(string message) : base(message) { }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public DataPlaneException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when the peer's handler failed (or had no such service) and sent the error back; false for transport failures.</summary>
    public bool IsRemote { get; init; }
}

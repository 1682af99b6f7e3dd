namespace ActorNet.DataPlane.Wire;

/// <summary>The byte after each frame's length prefix (after the handshake).</summary>
internal enum FrameType : byte
{
    /// <summary>Client to server: a request's service, header and body length; its body follows in chunks.</summary>
    RequestStart = 1,
    /// <summary>Server to client: a reply's status, header (or error message) and body length; its body follows in chunks.</summary>
    ReplyStart = 2,
    /// <summary>The next bytes of a request's or reply's body.</summary>
    Chunk = 3,
    /// <summary>The sender gives up on a transfer: from the client, "forget request id"; from the server, "request id ends without a reply".</summary>
    Abort = 4,
}

namespace ActorNet.DataPlane.Wire;

/// <summary>A peer broke the data plane protocol (bad handshake, malformed or oversized frame): its connection closes, nothing else.</summary>
internal sealed class ProtocolViolationException(string message, Exception? inner = null) : Exception(message, inner);

namespace ActorNet.Actors.Remote;

/// <summary>A peer broke the wire protocol (bad frame, oversize frame, failed authentication); its connection is closed.</summary>
internal sealed class ProtocolViolationException(string message, Exception? inner = null) : Exception(message, inner);

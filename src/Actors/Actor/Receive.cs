namespace ActorNet.Actors;

/// <summary>A behaviour: handles a message and returns true, or returns false to leave it unhandled.</summary>
/// <param name="message">The message being processed.</param>
public delegate bool Receive(object message);

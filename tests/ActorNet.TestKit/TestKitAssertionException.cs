namespace ActorNet.TestKit;

/// <summary>An expectation of the test kit was not met (wrong message, no message, condition never true).</summary>
public sealed class TestKitAssertionException(string message, Exception? inner = null) : Exception(message, inner);

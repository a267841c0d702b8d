using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Hangfire's one log provider for the process (its <c>LogProvider</c> is static, and Hangfire.AspNetCore points it at
/// the logger factory of the last host configured). When hosts come and go in one process (the test suite), the
/// workers of a host still running then logged into a disposed factory: the exception broke the fetch of a job
/// already marked fetched, which stayed invisible until its claim lapsed, a minute later. This provider writes to the
/// factory of a host still alive, looked up at each write; with none left, Hangfire's messages are dropped.
/// </summary>
public sealed class HangfireLogBridge : ILogProvider
{
    public static HangfireLogBridge Instance { get; } = new();

    private readonly Lock _gate = new();
    private readonly List<ILoggerFactory> _factories = [];

    private HangfireLogBridge()
    {
    }

    /// <summary>Makes <paramref name="factory"/> a target until the returned handle is disposed (with its host).</summary>
    public IDisposable Attach(ILoggerFactory factory)
    {
        lock (_gate) _factories.Add(factory);
        return new Attachment(this, factory);
    }

    public ILog GetLogger(string name) => new BridgedLog(this, name);

    private ILoggerFactory? Current
    {
        get
        {
            lock (_gate) return _factories.Count == 0 ? null : _factories[^1];
        }
    }

    private void Detach(ILoggerFactory factory)
    {
        lock (_gate) _factories.Remove(factory);
    }

    private sealed class BridgedLog(HangfireLogBridge bridge, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (bridge.Current is not { } factory) return false;
            try
            {
                var logger = factory.CreateLogger(name);
                var level = ToLevel(logLevel);
                // Hangfire asks whether a level is on by passing no message.
                if (messageFunc is null) return logger.IsEnabled(level);
                if (!logger.IsEnabled(level)) return false;
                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                // That host stopped between the look-up and the write.
                return false;
            }
        }

        private static LogLevel ToLevel(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }

    private sealed class Attachment(HangfireLogBridge bridge, ILoggerFactory factory) : IDisposable
    {
        public void Dispose() => bridge.Detach(factory);
    }
}

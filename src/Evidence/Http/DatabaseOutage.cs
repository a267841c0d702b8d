using Npgsql;

namespace Cameras.Evidence.Http;

/// <summary>
/// Whether an exception means PostgreSQL is briefly away (restarting, failing over, out of connections) rather than a
/// fault of the request or of the code: the request can be sent again as it was.
/// </summary>
public static class DatabaseOutage
{
    public static bool Caused(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return IsOutageState(pg.SqlState);
                case NpgsqlException:
                    // Not an error PostgreSQL answered: the connection could not be opened, broke, or timed out.
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Caused):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now), and
    /// 53300 (too many connections): the server, not the statement, is the problem.</summary>
    private static bool IsOutageState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300";
}

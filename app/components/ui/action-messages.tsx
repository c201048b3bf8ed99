/** The outcome of a form post: a confirmation (status) or a Dutch error (alert). */
export function ActionMessages({ ok, message }: { ok?: string; message?: string }) {
  return (
    <>
      {ok ? (
        <div className="alert alert--ok" role="status">
          {ok}
        </div>
      ) : null}
      {message ? (
        <div className="alert alert--error" role="alert">
          {message}
        </div>
      ) : null}
    </>
  );
}

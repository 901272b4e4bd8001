/**
 * The image a pasted link unfurls with (OpenGraph, 1200×630), drawn by next/og: plain
 * flexbox and inline styles only, as its renderer supports.
 */
export interface CardRow {
  label: string;
  values: string[];
}

export function OgCard({ title, subtitle, columns, rows }: { title: string; subtitle: string; columns: string[]; rows: CardRow[] }) {
  return (
    <div style={{ width: 1200, height: 630, display: 'flex', flexDirection: 'column', background: '#0f172a', color: '#f8fafc', padding: 56, fontSize: 28 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, color: '#a5b4fc', fontSize: 26 }}>
        <div style={{ display: 'flex', width: 44, height: 44, borderRadius: 10, background: '#6366f1', color: 'white', alignItems: 'center', justifyContent: 'center', fontSize: 20 }}>GB</div>
        Gateway Bench
      </div>
      <div style={{ display: 'flex', flexShrink: 0, fontSize: 46, lineHeight: 1.2, marginTop: 20 }}>{title}</div>
      <div style={{ display: 'flex', flexShrink: 0, fontSize: 24, lineHeight: 1.3, color: '#94a3b8', marginTop: 6 }}>{subtitle}</div>
      <div style={{ display: 'flex', flexShrink: 0, flexDirection: 'column', marginTop: 24, borderTop: '1px solid #334155' }}>
        <div style={{ display: 'flex', color: '#94a3b8', fontSize: 22, paddingTop: 14, paddingBottom: 8 }}>
          <div style={{ display: 'flex', width: 260 }} />
          {columns.map((c) => (
            <div key={c} style={{ display: 'flex', flex: 1, justifyContent: 'flex-end' }}>{c}</div>
          ))}
        </div>
        {rows.map((row) => (
          <div key={row.label} style={{ display: 'flex', paddingTop: 8, paddingBottom: 8, borderTop: '1px solid #1e293b' }}>
            <div style={{ display: 'flex', width: 260, color: '#cbd5e1' }}>{row.label}</div>
            {row.values.map((v, i) => (
              <div key={i} style={{ display: 'flex', flex: 1, justifyContent: 'flex-end' }}>{v}</div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

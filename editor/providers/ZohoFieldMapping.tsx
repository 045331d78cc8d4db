import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import { fetchZohoMapping, saveZohoMapping, type ZohoMapping } from './api';
import { pt } from './strings';

const MODULES = ['Leads', 'Contacts', 'Deals'];

/**
 * The field mapping of a Zoho connection: the org's fields of a module (from Zoho's fields
 * metadata), each with the value Musubi sends. Saving is refused, with the fields named, when a
 * mandatory field is left empty.
 */
export function ZohoFieldMapping(props: { connectionId: string; lang: 'ja' | 'en' }) {
  const { lang, connectionId } = props;
  const { notify } = useNotices();
  const [module, setModule] = useState('Leads');
  const [loaded, setLoaded] = useState<ZohoMapping | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const show = (answer: ZohoMapping) => {
    setLoaded(answer);
    setValues(Object.fromEntries(answer.mapping.map((entry) => [entry.apiName, entry.source])));
  };

  useEffect(() => {
    setLoaded(null);
    setProblem(null);
    fetchZohoMapping(connectionId, module).then(show, (e: unknown) => setProblem(errorMessage(e, lang)));
  }, [connectionId, module, lang]);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!loaded) return;
    const mapping = loaded.fields
      .map((field) => ({ apiName: field.apiName, source: values[field.apiName] ?? '' }))
      .filter((entry) => entry.source.trim() !== '');
    try {
      show(await saveZohoMapping(connectionId, module, mapping));
      setProblem(null);
      notify(pt('saved', lang), 'success');
    } catch (e) {
      setProblem(errorMessage(e, lang));
    }
  };

  return (
    <form className="zoho-mapping" aria-label={pt('mapping', lang)} onSubmit={(e) => void save(e)}>
      <label>
        {pt('module', lang)}{' '}
        <select value={module} onChange={(e) => setModule(e.target.value)}>
          {MODULES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {loaded && (
        <>
          <p className="muted">
            {pt('mappingHelp', lang, { sources: loaded.sources.map((name) => `{{ ${name} }}`).join(' ') })}
          </p>
          <table className="list-table">
            <thead>
              <tr>
                <th>{pt('field', lang)}</th>
                <th>{pt('value', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.fields.map((field) => (
                <tr key={field.apiName}>
                  <td>
                    {field.label} <code>{field.apiName}</code>
                    {field.mandatory && <strong> ({pt('mandatory', lang)})</strong>}
                  </td>
                  <td>
                    <input
                      aria-label={`${field.label} (${field.apiName})`}
                      maxLength={500}
                      value={values[field.apiName] ?? ''}
                      onChange={(e) => setValues({ ...values, [field.apiName]: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" className="primary">
            {pt('save', lang)}
          </button>
        </>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

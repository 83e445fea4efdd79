// The editor's skeleton is the same for a new template and an existing one.
export { default } from '../new/loading';

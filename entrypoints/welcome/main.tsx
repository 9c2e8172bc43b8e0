import { render } from 'preact';
import { WelcomeApp } from './WelcomeApp';
import './welcome.css';

render(<WelcomeApp />, document.getElementById('app')!);
